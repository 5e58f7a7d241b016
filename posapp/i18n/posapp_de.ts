<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation>die Einstellungen zu ändern</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Einstellungen werden gespeichert…</translation>
    </message>
    <message>
        <source>replace the %1</source>
        <translation>%1 zu ersetzen</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV-Datei</translation>
    </message>
    <message>
        <source>catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>Kundenverzeichnis</translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation>den vorherigen Stand von %1 zurückzuholen</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Zurückholen</translation>
    </message>
</context>
<context>
    <name>AdminGate</name>
    <message>
        <source>Admin PIN</source>
        <translation>Admin-PIN</translation>
    </message>
    <message>
        <source>Admin PIN to %1:</source>
        <translation>Admin-PIN, um %1:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Falsche PIN.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation>Zu viele falsche PINs: erneut versuchen in %1 s.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation>Es fehlt noch: %1.</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Einstellungen werden gespeichert…</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation>Letzte Bestellung</translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation>Bereit für den ersten Kunden</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Einzelpreis</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <source>Finish sale  (F12)</source>
        <translation>Abschließen  (F12)</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Warenkorb</translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation>Gesamtsumme</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Verkauf abschließen</translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation>Die Zeilen des Verkaufs. F2 ändert die Menge der gewählten Zeile, F3 ihren Preis, Strg+Entf entfernt sie</translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation>Verkauf speichern und Bestellung senden, dann den nächsten Verkauf beginnen (F12)</translation>
    </message>
    <message>
        <source>The catalog cannot be used; type the price of %1. Tell the manager: %2</source>
        <translation>Der Katalog ist nicht nutzbar; bitte den Preis für %1 eingeben. Bitte die Filialleitung informieren: %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Hinzugefügt: %1</translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation>Preis für %1 fehlt noch.</translation>
    </message>
    <message>
        <source>The catalog cannot be used; tell the manager: %1</source>
        <translation>Der Katalog ist nicht nutzbar; bitte die Filialleitung informieren: %1</translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation>Unbekannter Artikel %1: nicht im Katalog. Code prüfen oder Marktleitung rufen.</translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation>Nicht hinzugefügt: %1 (kein Preis eingegeben).</translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation>%1 für %2 verkaufen? Das ist für dieses Geschäft ungewöhnlich.</translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation>Preis prüfen</translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation>für %1 zu verkaufen</translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation>Der Preis von %1 wurde nicht geändert.</translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation>Preis von %1 geändert (im Warenkorb mit ✎ markiert).</translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation>Der Warenkorb ist leer.</translation>
    </message>
    <message>
        <source>change a price</source>
        <translation>einen Preis zu ändern</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>Entfernt: %1</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Warenkorb leeren</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>Die %n Zeile aus dem Warenkorb entfernen?</numerusform>
            <numerusform>Alle %n Zeilen aus dem Warenkorb entfernen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation>Warenkorb geleert.</translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>Summe %1   (%n Artikel)</numerusform>
            <numerusform>Summe %1   (%n Artikel)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln products</source>
        <translation>
            <numerusform>%Ln Produkt</numerusform>
            <numerusform>%Ln Produkte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln Kunde</numerusform>
            <numerusform>%Ln Kunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) rejected</source>
        <translation>
            <numerusform>%Ln Zeile abgelehnt</numerusform>
            <numerusform>%Ln Zeilen abgelehnt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... und %Ln weitere</numerusform>
            <numerusform>  ... und %Ln weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>die %Ln Zeile ist unbrauchbar</numerusform>
            <numerusform>keine der %Ln Zeilen ist brauchbar</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation>Kundenkarte scannen oder Kundennummer eingeben, dann Enter</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Kundenkarte oder -nummer</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>No customer (F8)</source>
        <translation>Ohne Kunde (F8)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Kunde:</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation>Kundenkarte scannen oder Kundennummer eingeben, dann Enter drücken</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ohne Kunde</translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation>Bestellung ohne Kunden senden (F8)</translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation>Optionale, mit dem Anbieter vereinbarte Kundenangabe</translation>
    </message>
    <message>
        <source>The customer directory cannot be used; tell the manager: %1</source>
        <translation>Das Kundenverzeichnis ist nicht nutzbar; bitte die Filialleitung informieren: %1</translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation>Ohne Kunde: die Bestellung geht ohne Kunden raus</translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation>%1: nicht im Kundenverzeichnis; wird wie eingegeben gesendet. F8: ohne Kunde.</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>&amp;Demo</source>
        <translation>&amp;Demo</translation>
    </message>
    <message>
        <source>Take the endpoint down</source>
        <translation>Endpunkt abschalten</translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation>Demo: der Endpunkt ist aus. Schließen Sie einen Verkauf ab, um die Warteschlange zu sehen.</translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation>Demo: der Endpunkt ist zurück. Wartende Bestellungen gehen von selbst raus.</translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation>Nächste Bestellung ablehnen (HTTP 400)</translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation>Als Nächstes die Zugangsdaten ablehnen (HTTP 401)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>%n Zeile importiert…</numerusform>
            <numerusform>%n Zeilen importiert…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation>%1 ersetzt: %2 %3 aus %4 (%5 neu, %6 entfernt, %7 geändert); der vorherige Stand bleibt erhalten.</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Es wurde nichts geändert: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation>, aus %1</translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation>Es gibt keinen vorherigen Stand von %1.</translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation>Vorherigen Stand von %1 zurückholen (%2)? Der aktuelle bleibt erhalten, Sie können zurückwechseln.</translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation>Der vorherige Stand von %1 ist zurück (%2).</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Zurückholen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Import: what would change</source>
        <translation>Import: was sich ändern würde</translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation>Ja, trotzdem ersetzen: %1</translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation>%1 ersetzen</translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation>Diese Datei kann %1 nicht ersetzen: %2.</translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation>Prüfen Sie die Änderungen oben, bevor Sie die Liste ersetzen.</translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation>Noch ist nichts geändert. Der aktuelle Stand von %1 bleibt erhalten und lässt sich im Menü Admin zurückholen.</translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation>Was die Datei ändern würde</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation>Die größten Preisänderungen und die unbrauchbaren Zeilen, mit ihrer Zeilennummer</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation>Trotzdem ersetzen</translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation>Liste ersetzen</translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation>Datei importieren; die aktuelle Liste bleibt erhalten und lässt sich zurückholen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>Nichts ändern</translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>Kundenverzeichnis</translation>
    </message>
    <message>
        <source>products</source>
        <translation>Produkte</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>Kunden</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Type the price of %1 first, or press Esc to leave it out.</source>
        <translation>Erst den Preis von %1 eingeben, oder Esc, um ihn wegzulassen.</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>NICHT GESPEICHERT: %1</translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation>Wartende Bestellungen werden jetzt gesendet.</translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>Mit %n Zeile im Warenkorb beenden? Sie kommt beim nächsten Start von posapp wieder.</numerusform>
            <numerusform>Mit %n Zeilen im Warenkorb beenden? Sie kommen beim nächsten Start von posapp wieder.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>Mit %n Zeile im Warenkorb beenden? Sie geht verloren.</numerusform>
            <numerusform>Mit %n Zeilen im Warenkorb beenden? Sie gehen verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>zu beenden</translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation>Einstellungen gespeichert; sie gelten ab jetzt.</translation>
    </message>
    <message>
        <source>posapp: till %1</source>
        <translation>posapp: Kasse %1</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>Grund / letzter Fehler</translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation> (evtl. doppelt)</translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message>
        <source>price for one</source>
        <translation>Preis für eins</translation>
    </message>
    <message>
        <source>Price of the unknown item</source>
        <translation>Preis des unbekannten Artikels</translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation>Weglassen (Esc)</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Unbekannter Artikel</translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation>Preis für ein Stück des unbekannten Artikels eingeben, dann Enter; Esc lässt ihn weg</translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation>Unbekannten Artikel weglassen</translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation>Der unbekannte Artikel kommt nicht in den Warenkorb (Esc)</translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation>%1 ist nicht im Katalog: Preis für ein Stück eingeben, dann Enter.</translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>Danach wartet noch %n unbekannter Artikel.</numerusform>
            <numerusform>Danach warten noch %n unbekannte Artikel.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Order queue</source>
        <translation>Bestellwarteschlange</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Parked: need attention</source>
        <translation>Geparkt: prüfen</translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation>Heute gesendet</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Auswahl senden</translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation>Alle geparkten senden</translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation>Geparkte exportieren…</translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation>Jetzt senden</translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation>Tag als CSV…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Wartende Bestellungen</translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation>Bestellungen, die auf das Senden warten</translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation>Geparkte Bestellungen</translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation>Bestellungen, die der Endpunkt abgelehnt hat, mit Grund; eine auswählen, um sie erneut zu senden</translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation>Heute gesendete Bestellungen</translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation>Heutige Bestellungen, die der Endpunkt angenommen hat</translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation>Tagesübersicht</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation>Die gewählten geparkten Bestellungen erneut senden</translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation>Alle geparkten Bestellungen erneut senden</translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation>Geparkte exportieren</translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation>Geparkte Bestellungen für den Support in einer Datei speichern</translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation>Alle wartenden Bestellungen jetzt versuchen</translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation>Tagesübersicht exportieren</translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation>Heutige Bestellungen als CSV-Datei für den Tagesabschluss speichern</translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation>Warteschlange schließen</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>Heute: %n Bestellung gesendet (%1). Wartend: %2. Geparkt: %3.</numerusform>
            <numerusform>Heute: %n Bestellungen gesendet (%1). Wartend: %2. Geparkt: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation>geparkte Bestellungen erneut zu senden</translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation>Erst eine geparkte Bestellung auswählen.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n Bestellung wieder in der Warteschlange.</numerusform>
            <numerusform>%n Bestellungen wieder in der Warteschlange.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation>Alle wartenden Bestellungen werden jetzt versucht.</translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation>geparkte Bestellungen zu exportieren</translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation>Geparkte Bestellungen exportieren</translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n geparkte Bestellung gespeichert in %1</numerusform>
            <numerusform>%n geparkte Bestellungen gespeichert in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation>Tagesübersicht exportieren</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n Bestellung gespeichert in %1</numerusform>
            <numerusform>%n Bestellungen gespeichert in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>Der offene Verkauf ist wieder da: %n Zeile. Weitermachen oder leeren.</numerusform>
            <numerusform>Der offene Verkauf ist wieder da: %n Zeilen. Weitermachen oder leeren.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation>Artikel scannen oder Code eingeben (3*CODE für drei), dann Enter</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Artikelcode</translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation>Artikel scannen oder Code eingeben und Enter drücken; 3*CODE fügt drei hinzu</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation>%1 gescannt: kommt in den Warenkorb, sobald dieses Fenster schließt.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <source>Set up this till</source>
        <translation>Diese Kasse einrichten</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Kasseneinstellungen</translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation>das Site-Token vom Anbieter</translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation>leer lassen, um das gespeicherte Token zu behalten</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>4 bis 12 Ziffern</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>leer lassen, um die PIN zu behalten</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Site token</source>
        <translation>Site-Token</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>Admin-PIN</translation>
    </message>
    <message>
        <source>Admin PIN again</source>
        <translation>Admin-PIN wiederholen</translation>
    </message>
    <message>
        <source>The site token from the vendor; it is kept in the system&apos;s keyring</source>
        <translation>Das Site-Token vom Anbieter; es wird im Schlüsselbund des Systems aufbewahrt</translation>
    </message>
    <message>
        <source>The PIN a manager types to change settings, prices and parked orders</source>
        <translation>Die PIN, mit der die Marktleitung Einstellungen, Preise und geparkte Bestellungen ändert</translation>
    </message>
    <message>
        <source>The same PIN again, to be sure</source>
        <translation>Dieselbe PIN noch einmal, zur Sicherheit</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Verbindung prüfen</translation>
    </message>
    <message>
        <source>Ask the endpoint whether it takes these settings and the site token</source>
        <translation>Beim Endpunkt prüfen, ob er diese Einstellungen und das Site-Token annimmt</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Check the settings and use them from now on</source>
        <translation>Einstellungen prüfen und ab jetzt verwenden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Schließen, ohne etwas zu ändern</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Verbindungsprüfung</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation>Vom Administrator in %1 gesperrt; nur dort änderbar.</translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation>vom Administrator für diesen Rechner gesetzt</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Schlüsselbund wird geprüft…</translation>
    </message>
    <message>
        <source>No usable keyring was found on this machine (a headless kiosk usually has none). Either give the token as the systemd credential %1 (LoadCredential=), or in the environment variable %2, or run a keyring daemon such as gnome-keyring in the session.</source>
        <translation>Auf diesem Rechner wurde kein nutzbarer Schlüsselbund gefunden (ein Kiosk ohne Bildschirm hat meist keinen). Geben Sie das Token entweder als systemd-Credential %1 (LoadCredential=) oder in der Umgebungsvariable %2 an, oder starten Sie in der Sitzung einen Schlüsselbund-Dienst wie gnome-keyring.</translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation>Nötig, bevor die Kasse Bestellungen senden kann.</translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation>Das Site-Token wird benötigt (oder POSAPP_SITE_TOKEN setzen).</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Die beiden PINs sind verschieden.</translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation>Erst das Site-Token eingeben.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>Site-Code</translation>
    </message>
    <message>
        <source>Production domain</source>
        <translation>Produktionsdomain</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>Endpunkt-URL</translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation>optional: eine feste URL, ersetzt die drei oben</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>optional: http://proxy.example:3128</source>
        <translation>optional: http://proxy.example:3128</translation>
    </message>
    <message>
        <source>Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)</source>
        <translation>Proxy aus der Umgebung verwenden (HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>Vertrauenswürdige Zertifikate</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>CA-Datei der Firma</translation>
    </message>
    <message>
        <source>optional: a .pem file, if your network inspects HTTPS</source>
        <translation>optional: eine .pem-Datei, falls Ihr Netzwerk HTTPS prüft</translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation>Kassen-ID</translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation>zum Beispiel REGENT-01, an jeder Kasse anders</translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation>Filialangaben (Name = Wert)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache der Bestellungen</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Sprache der Kasse</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Kundenangaben</translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation>mit dem Anbieter vereinbarte Felder, z. B. gender, diet</translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation>Verkauf von Artikeln ohne Katalogeintrag erlaubt</translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation>Kioskmodus: Vollbild, Schließen nur mit Admin-PIN</translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation>Preisänderung nur mit Admin-PIN</translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation>Größte Menge pro Zeile</translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation>Größte Zeilensumme</translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation>Preisänderungen bestätigen ab</translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation>Import: höchstens abgelehnte Zeilen (%)</translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation>Import: höchstens geänderte Preise ohne Rückfrage (%)</translation>
    </message>
    <message>
        <source>uat or production</source>
        <translation>uat oder production</translation>
    </message>
    <message>
        <source>the site code the vendor gave you</source>
        <translation>der Site-Code, den Sie vom Anbieter bekommen haben</translation>
    </message>
    <message>
        <source>peerius.com or peerius.episerver.net</source>
        <translation>peerius.com oder peerius.episerver.net</translation>
    </message>
    <message>
        <source>an explicit URL; overrides the three above</source>
        <translation>eine feste URL; ersetzt die drei oben</translation>
    </message>
    <message>
        <source>an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none</source>
        <translation>ein http://-Proxy (host:port, evtl. user:password@) für den Endpunkt; leer: keiner</translation>
    </message>
    <message>
        <source>use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)</source>
        <translation>HTTPS_PROXY, ALL_PROXY und NO_PROXY aus der Umgebung verwenden (die Proxy-Einstellung hat Vorrang)</translation>
    </message>
    <message>
        <source>which certificate authorities to trust: system (this computer&apos;s) or bundled (posapp&apos;s)</source>
        <translation>welchen Zertifizierungsstellen vertraut wird: system (denen dieses Rechners) oder bundled (denen von posapp)</translation>
    </message>
    <message>
        <source>a PEM file of extra certificate authorities (your company CA), trusted as well</source>
        <translation>eine PEM-Datei mit weiteren Zertifizierungsstellen (die CA Ihrer Firma), denen ebenfalls vertraut wird</translation>
    </message>
    <message>
        <source>different on every till; starts each order number</source>
        <translation>an jeder Kasse anders; Anfang jeder Bestellnummer</translation>
    </message>
    <message>
        <source>sent with every order as order.attributes</source>
        <translation>wird mit jeder Bestellung als order.attributes gesendet</translation>
    </message>
    <message>
        <source>a three-letter ISO 4217 code</source>
        <translation>ein dreistelliger ISO-4217-Code</translation>
    </message>
    <message>
        <source>the orders&apos; language, like en-gb</source>
        <translation>die Sprache der Bestellungen, z. B. en-gb</translation>
    </message>
    <message>
        <source>the window&apos;s language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine&apos;s)</source>
        <translation>die Sprache der Kasse: system, en, de, fr, nl, sv, da, nb, fi, es (system: die des Rechners)</translation>
    </message>
    <message>
        <source>customer details agreed with the vendor</source>
        <translation>mit dem Anbieter vereinbarte Kundenangaben</translation>
    </message>
    <message>
        <source>may the cashier sell an item that is not in the catalog, at a typed price</source>
        <translation>darf an der Kasse ein Artikel ohne Katalogeintrag zu einem eingegebenen Preis verkauft werden</translation>
    </message>
    <message>
        <source>full screen; closing needs the admin PIN</source>
        <translation>Vollbild; Schließen nur mit Admin-PIN</translation>
    </message>
    <message>
        <source>a price override needs the admin PIN</source>
        <translation>Preisänderung nur mit Admin-PIN</translation>
    </message>
    <message>
        <source>the largest quantity one line may have</source>
        <translation>die größte Menge, die eine Zeile haben darf</translation>
    </message>
    <message>
        <source>the largest total one line may have, in the till&apos;s currency</source>
        <translation>die größte Summe, die eine Zeile haben darf, in der Währung der Kasse</translation>
    </message>
    <message>
        <source>a price changed to 0 or to more than this asks for the PIN and a confirmation</source>
        <translation>ein auf 0 oder auf mehr als diesen Wert geänderter Preis verlangt die PIN und eine Bestätigung</translation>
    </message>
    <message>
        <source>an import that rejects more than this share of its rows (percent) changes nothing</source>
        <translation>ein Import, der mehr als diesen Anteil seiner Zeilen ablehnt (Prozent), ändert nichts</translation>
    </message>
    <message>
        <source>an import changing the price of more than this share of products (percent) asks first</source>
        <translation>ein Import, der den Preis von mehr als diesem Anteil der Produkte ändert (Prozent), fragt vorher</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Every command of the till and its keys</source>
        <translation>Alle Befehle der Kasse und ihre Tasten</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation>Liste der Tastenkürzel schließen</translation>
    </message>
</context>
<context>
    <name>TillMenus</name>
    <message>
        <source>&amp;Sale</source>
        <translation>&amp;Verkauf</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Verkauf abschließen</translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation>Zum Scanfeld</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Kundenkarte oder -nummer</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ohne Kunde</translation>
    </message>
    <message>
        <source>Change quantity of the selected line</source>
        <translation>Menge der gewählten Zeile ändern</translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation>Preis der gewählten Zeile ändern</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Gewählte Zeile entfernen</translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation>Warenkorb leeren…</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Warteschlange</translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation>Bestellwarteschlange öffnen</translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation>Wartende Bestellungen jetzt senden</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation>Katalog aus CSV-Datei ersetzen…</translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation>Kundenverzeichnis aus CSV-Datei ersetzen…</translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation>Vorherigen Katalog zurückholen…</translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation>Vorheriges Kundenverzeichnis zurückholen…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation>Endpunkt: erreichbar</translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation>Endpunkt: OFFLINE, Bestellungen warten</translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation>Endpunkt: ZUGANGSDATEN ABGELEHNT, Marktleitung rufen</translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation>Senden PAUSIERT, Bestellungen warten: %1</translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation>Hier gespeichert, nicht aus diesem Fenster gesendet: %1</translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation>Endpunkt: noch keine Bestellung gesendet</translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation>%1 wartet: %2</translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation>%1 wartet: Senden ist pausiert (siehe Statusleiste). Marktleitung rufen.</translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation>%1 wird gesendet (%2)…</translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation>Gespeichert (offline) %1: wird von selbst gesendet</translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation>Neuer Verkauf: nächsten Artikel scannen, F12 schließt ab.</translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation>Gesendet %1 (%2)</translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation>Vom Anbieter nicht angenommen: %1. Der Verkauf bleibt gespeichert; die Marktleitung sieht den Grund in der Warteschlange (F9).</translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation>%1 wartet: der Endpunkt lehnt unsere Zugangsdaten ab. Marktleitung rufen.</translation>
    </message>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation>
            <numerusform>Wartend: %n</numerusform>
            <numerusform>Wartend: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation>
            <numerusform>Geparkt: %n</numerusform>
            <numerusform>Geparkt: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation>Zuletzt gesendete Bestellung</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation>Bestellungen, die der Endpunkt abgelehnt hat. Öffnet die Warteschlange bei ihnen (F9)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Wartende Bestellungen</translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation>Geparkte Bestellungen: Warteschlange öffnen</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation>Bestellungen, die der Endpunkt abgelehnt hat. Klicken für den Grund (F9).</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keine</translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation>Zuletzt gesendet: %1</translation>
    </message>
    <message>
        <source>The outbox was lost or emptied on %1: orders from before may be missing; tell IT</source>
        <translation>Der Ausgangsspeicher wurde am %1 verloren oder geleert: frühere Bestellungen fehlen vielleicht; IT informieren</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Till ID must be 1 to %1 letters or digits, dashes allowed inside (for example REGENT-01), and different on every till.</source>
        <translation>Die Kassen-ID besteht aus 1 bis %1 Buchstaben oder Ziffern, Bindestriche nur innen (zum Beispiel REGENT-01), und ist an jeder Kasse anders.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation>%1 %2 hat zu viele Nachkommastellen: %3 erlaubt höchstens %4.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation>%1 %2 hat zu viele Nachkommastellen: %3 erlaubt keine.</translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation>%1 %2 ist kein Geldbetrag; so eingeben: 12.50.</translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation>%1 %2 ist zu lang: höchstens %3 Zeichen.</translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation>%1 darf nicht negativ sein.</translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation>%1 enthält ein unsichtbares oder richtungsänderndes Zeichen (%2, %3)%4.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation>%1 enthält nicht druckbare Zeichen (%2)%3.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation>%1 enthält nicht druckbare Zeichen%2.</translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation>%1 ist leer%2.</translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation>%1 fehlt; Code scannen oder eingeben.</translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation>%1 ist keine Kundennummer: Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; oder &apos;-&apos; verwenden (höchstens %2).</translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation>%1 ist keine Zahl, mit der eine Kasse rechnen kann (zu viele Ziffern oder riesiger Exponent).</translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation>%1 ist kein gültiger Unicode-Text (ein einzelnes Surrogat %2)%3.</translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation>%1 ist zu groß für eine Kasse; Betrag prüfen.</translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation>%1 muss ein Geldbetrag sein, z. B. 12.50.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 muss Text sein.</translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation>Währung %1 kennt diese Kasse nicht: einen dreistelligen ISO-4217-Code wie GBP, EUR oder USD verwenden.</translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation>Kundennummer ist leer; Kundenkarte scannen oder Nummer eingeben.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation>Nichts gescannt; Artikelcode scannen oder eingeben.</translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation>Menge ist größer als %1; Zahl prüfen.</translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation>Menge muss eine ganze Stückzahl sein, z. B. 1 oder 3.</translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation>Menge muss mindestens 1 sein; sonst die Zeile entfernen.</translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation>Menge wäre %1, mehr als %2; Zahl prüfen.</translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation>Diese Zeile ist nicht mehr im Warenkorb.</translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation>Das sieht aus wie eine E-Mail-Adresse. E-Mails werden nie gesendet: stattdessen Kundenkarte scannen oder Kundennummer eingeben.</translation>
    </message>
    <message>
        <source>Write the quantity before the *, as in 3*CODE.</source>
        <translation>Die Menge vor das * schreiben, wie in 3*CODE.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Artikelcode</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Customer detail name</source>
        <translation>Name der Kundenangabe</translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation>; Code scannen oder eingeben</translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation> (Scannerfehler?); erneut scannen</translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation>Zugangsdaten abgelehnt: der Endpunkt lehnt Site oder Site-Token ab</translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation>kein Site-Token gesetzt</translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation>vom Bediener pausiert</translation>
    </message>
    <message>
        <source>another posapp (process %1) is already delivering from this outbox; orders stay queued and that one will send them</source>
        <translation>ein anderes posapp (Prozess %1) sendet schon aus dieser Warteschlange; die Bestellungen bleiben darin, und jenes sendet sie</translation>
    </message>
    <message>
        <source>the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: the orders stay queued; tell IT</source>
        <translation>die Sendesperre %1 ist nicht nutzbar (%2); bis dahin sendet diese Kasse nichts: die Bestellungen bleiben in der Warteschlange; die IT informieren</translation>
    </message>
    <message>
        <source>The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops.</source>
        <translation>Der laufende Verkauf kann nicht in %1 gesichert werden (%2); er geht verloren, wenn posapp beendet wird.</translation>
    </message>
    <message>
        <source>The outbox %1 cannot be used: %2 (%3); %4.</source>
        <translation>Die Warteschlange %1 ist nicht nutzbar: %2 (%3); %4.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is almost full: the sale is not taken; tell IT (%1 MB free).</source>
        <translation>Die Festplatte der Kasse ist fast voll: der Verkauf wird nicht angenommen; die IT informieren (%1 MB frei).</translation>
    </message>
    <message>
        <source>tell IT to check the disk; keep the file, never delete it</source>
        <translation>die IT soll die Festplatte prüfen; die Datei behalten, nie löschen</translation>
    </message>
    <message>
        <source>the orders already in it are safe and stay queued; tell IT</source>
        <translation>die Bestellungen darin sind sicher und bleiben in der Warteschlange; die IT informieren</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>die Festplatte ist voll</translation>
    </message>
    <message>
        <source>the profile is read-only</source>
        <translation>das Profil ist schreibgeschützt</translation>
    </message>
    <message>
        <source>the disk failed to read or write (input/output error)</source>
        <translation>die Festplatte konnte nicht lesen oder schreiben (Ein-/Ausgabefehler)</translation>
    </message>
    <message>
        <source>it cannot be opened (is something else where the file or its folder belongs?)</source>
        <translation>sie lässt sich nicht öffnen (liegt etwas anderes dort, wo die Datei oder ihr Ordner hingehört?)</translation>
    </message>
    <message>
        <source>The endpoint refused the site code or the site token: check both.</source>
        <translation>Der Endpunkt hat den Site-Code oder das Site-Token abgelehnt: bitte beides prüfen.</translation>
    </message>
    <message>
        <source>Connected: the site and token were accepted. The endpoint refused the empty test order, as it should, so nothing was recorded.</source>
        <translation>Verbunden: Site und Token wurden angenommen. Der Endpunkt hat die leere Testbestellung wie vorgesehen abgelehnt, es wurde also nichts erfasst.</translation>
    </message>
    <message>
        <source>Connected, but the endpoint accepted an empty order; tell the vendor.</source>
        <translation>Verbunden, aber der Endpunkt hat eine leere Bestellung angenommen; bitte den Anbieter informieren.</translation>
    </message>
    <message>
        <source>No answer from the endpoint (%1). Check the network, the environment and the site name or endpoint URL.</source>
        <translation>Keine Antwort vom Endpunkt (%1). Netzwerk, Umgebung und Site-Namen bzw. Endpunkt-URL prüfen.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not trusted by this till: if your network inspects HTTPS, add your company CA file in Settings &gt; Network</source>
        <translation>Das Zertifikat des Endpunkts ist für diese Kasse nicht vertrauenswürdig: Wenn Ihr Netzwerk HTTPS prüft, die CA-Datei der Firma unter Einstellungen &gt; Netzwerk eintragen</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) has expired; if the date on this till is wrong, correct it, otherwise tell the vendor</source>
        <translation>Das Zertifikat des Endpunkts (%1) ist abgelaufen; ist das Datum dieser Kasse falsch, bitte korrigieren, sonst den Anbieter informieren</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) is not valid yet: check the date and time on this till</source>
        <translation>Das Zertifikat des Endpunkts (%1) ist noch nicht gültig: Datum und Uhrzeit dieser Kasse prüfen</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not for %1: check the endpoint URL, or whether your network sends HTTPS elsewhere</source>
        <translation>Das Zertifikat des Endpunkts gilt nicht für %1: Endpunkt-URL prüfen, oder ob Ihr Netzwerk HTTPS woandershin leitet</translation>
    </message>
    <message>
        <source>The proxy at %1 did not answer: check the proxy setting and the network</source>
        <translation>Der Proxy unter %1 antwortet nicht: Proxy-Einstellung und Netzwerk prüfen</translation>
    </message>
    <message>
        <source>The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)</source>
        <translation>Der Proxy unter %1 hat Benutzername und Passwort aus der Proxy-Einstellung abgelehnt (HTTP 407)</translation>
    </message>
    <message>
        <source>The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as http://user:password@host:port</source>
        <translation>Der Proxy unter %1 verlangt Benutzername und Passwort (HTTP 407): den Proxy als http://user:password@host:port angeben</translation>
    </message>
    <message>
        <source>The proxy at %1 would not connect to the endpoint (HTTP %2)</source>
        <translation>Der Proxy unter %1 stellt keine Verbindung zum Endpunkt her (HTTP %2)</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>delivered with warnings</source>
        <translation>zugestellt mit Warnungen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>Zugangsdaten abgelehnt</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>vorübergehender Fehler</translation>
    </message>
    <message>
        <source>unknown outcome</source>
        <translation>Ergebnis unbekannt</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>retry after %1 s</source>
        <translation>neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>%1 in %2: %3 added, %4 removed, %5; %6 (%7)</source>
        <translation>%1 in %2: %3 neu, %4 entfernt, %5; %6 (%7)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 with a new price</source>
        <translation>%1 mit neuem Preis</translation>
    </message>
    <message>
        <source>%1 with a new customer ID</source>
        <translation>%1 mit neuer Kundennummer</translation>
    </message>
    <message>
        <source>%1 with a new %2</source>
        <translation>%1 mit neuem Wert für %2</translation>
    </message>
    <message>
        <source>the catalog has %1 now</source>
        <translation>der Katalog hat derzeit %1</translation>
    </message>
    <message>
        <source>the customer directory has %1 now</source>
        <translation>das Kundenverzeichnis hat derzeit %1</translation>
    </message>
    <message>
        <source>the %1 has %2 now</source>
        <translation>%1 hat derzeit %2</translation>
    </message>
    <message>
        <source>Largest price changes:</source>
        <translation>Größte Preisänderungen:</translation>
    </message>
    <message>
        <source>Largest customer ID changes:</source>
        <translation>Größte Änderungen der Kundennummer:</translation>
    </message>
    <message>
        <source>Largest %1 changes:</source>
        <translation>Größte Änderungen bei %1:</translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3%4</source>
        <translation>  %1: %2 -&gt; %3%4</translation>
    </message>
    <message>
        <source>Rejected rows:</source>
        <translation>Abgelehnte Zeilen:</translation>
    </message>
    <message>
        <source>  line %1: %2</source>
        <translation>  Zeile %1: %2</translation>
    </message>
    <message>
        <source>the file has no products</source>
        <translation>die Datei enthält keine Produkte</translation>
    </message>
    <message>
        <source>the file has no customers</source>
        <translation>die Datei enthält keine Kunden</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, or allow more)</source>
        <translation>%1 von %2 Zeilen (%3) sind unbrauchbar und gingen verloren (höchstens %4 % sind erlaubt; diese Zeilen korrigieren oder mehr zulassen)</translation>
    </message>
    <message>
        <source>the catalog would shrink from %1 to %2 products</source>
        <translation>der Katalog würde von %1 auf %2 Produkte schrumpfen</translation>
    </message>
    <message>
        <source>the customer directory would shrink from %1 to %2 customers</source>
        <translation>das Kundenverzeichnis würde von %1 auf %2 Kunden schrumpfen</translation>
    </message>
    <message>
        <source>%1 of %2 products would change price (%3; more than %4%)</source>
        <translation>bei %1 von %2 Produkten würde sich der Preis ändern (%3; mehr als %4 %)</translation>
    </message>
    <message>
        <source>%1 of %2 customers would change customer ID (%3; more than %4%)</source>
        <translation>bei %1 von %2 Kunden würde sich die Kundennummer ändern (%3; mehr als %4 %)</translation>
    </message>
    <message>
        <source>The proxy must be an http:// URL, like http://proxy.example:3128 (not %1).</source>
        <translation>Der Proxy muss eine http://-Adresse sein, wie http://proxy.example:3128 (nicht %1).</translation>
    </message>
    <message>
        <source>The proxy needs a host and a port, like http://proxy.example:3128 (not %1).</source>
        <translation>Der Proxy braucht Host und Port, wie http://proxy.example:3128 (nicht %1).</translation>
    </message>
    <message>
        <source>The proxy is only http://host:port, with no path after it (not %1).</source>
        <translation>Der Proxy ist nur http://host:port, ohne Pfad danach (nicht %1).</translation>
    </message>
    <message>
        <source>The proxy in the environment cannot be used: %1</source>
        <translation>Der Proxy aus der Umgebung ist nicht nutzbar: %1</translation>
    </message>
    <message>
        <source>certificates must be system (the trust store of this computer) or bundled (the list that ships with posapp).</source>
        <translation>certificates muss system (der Zertifikatsspeicher dieses Computers) oder bundled (die Liste, die posapp mitbringt) sein.</translation>
    </message>
    <message>
        <source>The CA file&apos;s name cannot be printed; type the path again.</source>
        <translation>Der Name der CA-Datei enthält nicht druckbare Zeichen; den Pfad neu eingeben.</translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>Die CA-Datei %1 gibt es nicht.</translation>
    </message>
    <message>
        <source>The CA file %1 is a folder, not a file.</source>
        <translation>Die CA-Datei %1 ist ein Ordner, keine Datei.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2).</source>
        <translation>Die CA-Datei %1 ist nicht lesbar (%2).</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----).</source>
        <translation>Die CA-Datei %1 enthält keine PEM-Zertifikate (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The CA file %1 is damaged: its PEM certificates cannot be read.</source>
        <translation>Die CA-Datei %1 ist beschädigt: ihre PEM-Zertifikate sind nicht lesbar.</translation>
    </message>
    <message>
        <source>needs refCode, name and price</source>
        <translation>braucht refCode, Name und Preis</translation>
    </message>
    <message>
        <source>needs card (or email) and customerId</source>
        <translation>braucht Kundenkarte (oder E-Mail) und customerId</translation>
    </message>
    <message>
        <source>barcode %1 must be digits (EAN)</source>
        <translation>Strichcode %1 darf nur Ziffern haben (EAN)</translation>
    </message>
    <message>
        <source>refCode %1 appears twice (first on line %2)</source>
        <translation>refCode %1 kommt doppelt vor (zuerst in Zeile %2)</translation>
    </message>
    <message>
        <source>barcode %1 appears twice (first on line %2)</source>
        <translation>Strichcode %1 kommt doppelt vor (zuerst in Zeile %2)</translation>
    </message>
    <message>
        <source>%1 %2 appears twice (first on line %3)</source>
        <translation>%1 %2 kommt doppelt vor (zuerst in Zeile %3)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kundenkarte</translation>
    </message>
    <message>
        <source>refCode</source>
        <translation>refCode</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Strichcode</translation>
    </message>
</context>
</TS>
