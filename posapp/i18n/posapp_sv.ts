<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation>ändra inställningarna</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Sparar inställningarna…</translation>
    </message>
    <message>
        <source>replace the %1</source>
        <translation>ersätta %1</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV-fil</translation>
    </message>
    <message>
        <source>catalog</source>
        <translation>katalogen</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>kundregistret</translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation>återställa den tidigare versionen av %1</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Återställ</translation>
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
        <translation>Admin-PIN för att %1:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Fel PIN.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation>För många fel PIN: försök igen om %1 s.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation>Saknas fortfarande: %1.</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Sparar inställningarna…</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation>Senaste order</translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation>Redo för första kunden</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Antal</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Styckpris</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Summa</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <source>Finish sale  (F12)</source>
        <translation>Slutför  (F12)</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Varukorg</translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation>Totalsumma</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Slutför köpet</translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation>Köpets rader. F2 ändrar antal på vald rad, F3 dess pris, Ctrl+Del tar bort den</translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation>Spara köpet och skicka ordern, börja sedan nästa köp (F12)</translation>
    </message>
    <message>
        <source>The catalog cannot be used; type the price of %1. Tell the manager: %2</source>
        <translation>Katalogen går inte att använda; skriv in priset för %1. Säg till chefen: %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Tillagd: %1</translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation>Väntar på priset för %1.</translation>
    </message>
    <message>
        <source>The catalog cannot be used; tell the manager: %1</source>
        <translation>Katalogen går inte att använda; säg till chefen: %1</translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation>Okänd artikel %1: finns inte i katalogen. Kontrollera koden eller ring chefen.</translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation>Inte tillagd: %1 (inget pris angavs).</translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation>Sälja %1 för %2? Det är ovanligt för den här butiken.</translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation>Kontrollera priset</translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation>sälja för %1</translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation>Priset för %1 ändrades inte.</translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation>Priset för %1 ändrat (markerat med ✎ i varukorgen).</translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation>Varukorgen är tom.</translation>
    </message>
    <message>
        <source>change a price</source>
        <translation>ändra ett pris</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>Borttagen: %1</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Töm varukorgen</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>Ta bort %n rad ur varukorgen?</numerusform>
            <numerusform>Ta bort alla %n rader ur varukorgen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation>Varukorgen tömd.</translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>Totalt %1   (%n artikel)</numerusform>
            <numerusform>Totalt %1   (%n artiklar)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln products</source>
        <translation>
            <numerusform>%Ln produkt</numerusform>
            <numerusform>%Ln produkter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln kund</numerusform>
            <numerusform>%Ln kunder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) rejected</source>
        <translation>
            <numerusform>%Ln rad avvisad</numerusform>
            <numerusform>%Ln rader avvisade</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... och %Ln till</numerusform>
            <numerusform>  ... och %Ln till</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>den %Ln raden kan inte användas</numerusform>
            <numerusform>ingen av de %Ln raderna kan användas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation>Skanna kundkortet eller skriv kund-ID, sedan Enter</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Kundkort eller kund-ID</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kund</translation>
    </message>
    <message>
        <source>No customer (F8)</source>
        <translation>Ingen kund (F8)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Kund:</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>valfritt</translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation>Skanna kundkortet eller skriv kund-ID, tryck sedan Enter</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ingen kund</translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation>Skicka ordern utan kund (F8)</translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation>Valfri kunduppgift överenskommen med leverantören</translation>
    </message>
    <message>
        <source>The customer directory cannot be used; tell the manager: %1</source>
        <translation>Kundregistret går inte att använda; säg till chefen: %1</translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation>Ingen kund: ordern skickas utan kund</translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation>%1: finns inte i kundregistret; skickas som den skrevs. F8: ingen kund.</translation>
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
        <translation>Stäng av slutpunkten</translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation>Demo: slutpunkten är nere. Slutför ett köp för att se det köas.</translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation>Demo: slutpunkten är tillbaka. Köade ordrar skickas av sig själva.</translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation>Avvisa nästa order (HTTP 400)</translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation>Avvisa inloggningsuppgifterna härnäst (HTTP 401)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation>Läser %1…</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Ingenting ändrades.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importerar %1…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>%n rad importerad…</numerusform>
            <numerusform>%n rader importerade…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation>%1 ersatt: %2 %3 från %4 (%5 tillagda, %6 borttagna, %7 ändrade); den tidigare sparas.</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Ingenting ändrades: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Importen misslyckades</translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation>, från %1</translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation>Det finns ingen tidigare version av %1 att återställa.</translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation>Återställa den tidigare versionen av %1 (%2)? Den nuvarande sparas, så du kan byta tillbaka.</translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation>Den tidigare versionen av %1 är tillbaka (%2).</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Återställningen misslyckades</translation>
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
        <translation>Import: vad som skulle ändras</translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation>Ja, ersätt ändå: %1</translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation>Ersätt %1</translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation>Den här filen kan inte ersätta %1: %2.</translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation>Kontrollera ändringarna ovan innan du ersätter listan.</translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation>Inget har ändrats än. Nuvarande %1 sparas och kan återställas från menyn Admin.</translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation>Vad filen skulle ändra</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation>De största prisändringarna och raderna som inte kan användas, med radnummer</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Bedömning</translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation>Ersätt ändå</translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation>Ersätt listan</translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation>Importera filen; den nuvarande listan sparas och kan återställas</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>Ändra ingenting</translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>catalog</source>
        <translation>katalogen</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>kundregistret</translation>
    </message>
    <message>
        <source>products</source>
        <translation>produkter</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>kunder</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Type the price of %1 first, or press Esc to leave it out.</source>
        <translation>Skriv först priset för %1, eller tryck Esc för att hoppa över den.</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>INTE SPARAT: %1</translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation>Skickar väntande ordrar nu.</translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>Avsluta med %n rad i varukorgen? Den kommer tillbaka när posapp startar igen.</numerusform>
            <numerusform>Avsluta med %n rader i varukorgen? De kommer tillbaka när posapp startar igen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>Avsluta med %n rad i varukorgen? Den går förlorad.</numerusform>
            <numerusform>Avsluta med %n rader i varukorgen? De går förlorade.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>avsluta</translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation>Inställningarna sparade; de gäller från och med nu.</translation>
    </message>
    <message>
        <source>posapp: till %1</source>
        <translation>posapp: kassa %1</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Order</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summa</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Skapad</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Skickad</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Försök</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>Orsak / senaste fel</translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation> (kanske dubblett)</translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message>
        <source>price for one</source>
        <translation>pris för en</translation>
    </message>
    <message>
        <source>Price of the unknown item</source>
        <translation>Pris för den okända artikeln</translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation>Hoppa över (Esc)</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Okänd artikel</translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation>Skriv styckpriset för den okända artikeln, sedan Enter; Esc hoppar över den</translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation>Hoppa över den okända artikeln</translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation>Den okända artikeln läggs inte i varukorgen (Esc)</translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation>%1 finns inte i katalogen: skriv styckpriset, sedan Enter.</translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>%n okänd artikel till väntar efter den.</numerusform>
            <numerusform>%n okända artiklar till väntar efter den.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Order queue</source>
        <translation>Orderkö</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Väntande</translation>
    </message>
    <message>
        <source>Parked: need attention</source>
        <translation>Parkerade: behöver åtgärd</translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation>Skickade i dag</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Skicka valda igen</translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation>Skicka alla parkerade</translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation>Exportera parkerade…</translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation>Skicka nu</translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation>Exportera dagen (CSV)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Väntande ordrar</translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation>Ordrar som väntar på att skickas</translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation>Parkerade ordrar</translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation>Ordrar som slutpunkten avvisade, med orsak; välj en för att försöka igen</translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation>Ordrar skickade i dag</translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation>Dagens ordrar som slutpunkten tog emot</translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation>Dagens sammanfattning</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation>Skicka de valda parkerade ordrarna igen</translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation>Skicka alla parkerade ordrar igen</translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation>Exportera parkerade</translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation>Spara de parkerade ordrarna i en fil åt supporten</translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation>Försök med alla väntande ordrar nu</translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation>Exportera dagens sammanfattning</translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation>Spara dagens ordrar som en CSV-fil för dagsavslutet</translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation>Stäng kön</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>I dag: %n order skickad (%1). Väntande: %2. Parkerade: %3.</numerusform>
            <numerusform>I dag: %n ordrar skickade (%1). Väntande: %2. Parkerade: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation>försöka igen med parkerade ordrar</translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation>Välj först en parkerad order.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n order tillbaka i kön.</numerusform>
            <numerusform>%n ordrar tillbaka i kön.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation>Försöker med alla väntande ordrar nu.</translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation>exportera parkerade ordrar</translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation>Exportera parkerade ordrar</translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n parkerad order sparad i %1</numerusform>
            <numerusform>%n parkerade ordrar sparade i %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporterar…</translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation>Exportera dagens sammanfattning</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n order sparad i %1</numerusform>
            <numerusform>%n ordrar sparade i %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>Det oavslutade köpet är tillbaka: %n rad. Fortsätt eller töm.</numerusform>
            <numerusform>Det oavslutade köpet är tillbaka: %n rader. Fortsätt eller töm.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation>Skanna en artikel eller skriv en kod (3*KOD för tre), sedan Enter</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Artikelkod</translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation>Skanna en artikel eller skriv dess kod och tryck Enter; 3*KOD lägger till tre</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation>%1 skannad: läggs i varukorgen när det här fönstret stängs.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>Systemets språk</translation>
    </message>
    <message>
        <source>Set up this till</source>
        <translation>Konfigurera den här kassan</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Kassans inställningar</translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation>webbplatstoken från leverantören</translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation>lämna tomt för att behålla den sparade token</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>4 till 12 siffror</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>lämna tomt för att behålla PIN-koden</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Nätverk</translation>
    </message>
    <message>
        <source>Site token</source>
        <translation>Webbplatstoken</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>Admin-PIN</translation>
    </message>
    <message>
        <source>Admin PIN again</source>
        <translation>Admin-PIN igen</translation>
    </message>
    <message>
        <source>The site token from the vendor; it is kept in the system&apos;s keyring</source>
        <translation>Webbplatstoken från leverantören; den sparas i systemets nyckelring</translation>
    </message>
    <message>
        <source>The PIN a manager types to change settings, prices and parked orders</source>
        <translation>PIN-koden som en chef skriver för att ändra inställningar, priser och parkerade ordrar</translation>
    </message>
    <message>
        <source>The same PIN again, to be sure</source>
        <translation>Samma PIN-kod igen, för säkerhets skull</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Testa anslutningen</translation>
    </message>
    <message>
        <source>Ask the endpoint whether it takes these settings and the site token</source>
        <translation>Fråga slutpunkten om den godtar de här inställningarna och webbplatstoken</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Spara</translation>
    </message>
    <message>
        <source>Check the settings and use them from now on</source>
        <translation>Kontrollera inställningarna och använd dem från och med nu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Stäng utan att ändra något</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Anslutningstest</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation>Låst av administratören i %1; kan bara ändras där.</translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation>satt för den här datorn av administratören</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Kontrollerar nyckelringen…</translation>
    </message>
    <message>
        <source>No usable keyring was found on this machine (a headless kiosk usually has none). Either give the token as the systemd credential %1 (LoadCredential=), or in the environment variable %2, or run a keyring daemon such as gnome-keyring in the session.</source>
        <translation>Ingen användbar nyckelring hittades på den här datorn (en kiosk utan skärm har oftast ingen). Ange token antingen som systemd-autentiseringsuppgiften %1 (LoadCredential=), eller i miljövariabeln %2, eller starta en nyckelringstjänst som gnome-keyring i sessionen.</translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation>Krävs innan kassan kan skicka ordrar.</translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation>Webbplatstoken krävs (eller sätt POSAPP_SITE_TOKEN).</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>De två PIN-koderna skiljer sig.</translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation>Skriv webbplatstoken först.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Kontrollerar…</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Miljö</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>Webbplatskod</translation>
    </message>
    <message>
        <source>Production domain</source>
        <translation>Produktionsdomän</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>Slutpunktens URL</translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation>valfritt: en uttrycklig URL, ersätter de tre ovan</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>optional: http://proxy.example:3128</source>
        <translation>valfritt: http://proxy.example:3128</translation>
    </message>
    <message>
        <source>Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)</source>
        <translation>Använd proxyn från miljön (HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>Betrodda certifikat</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>Företagets CA-fil</translation>
    </message>
    <message>
        <source>optional: a .pem file, if your network inspects HTTPS</source>
        <translation>valfritt: en .pem-fil, om ditt nätverk inspekterar HTTPS</translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation>Kass-ID</translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation>till exempel REGENT-01, olika på varje kassa</translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation>Butiksuppgifter (namn = värde)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Valuta</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ordrarnas språk</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Kassans språk</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Kunduppgifter</translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation>fält överenskomna med leverantören, t.ex. gender, diet</translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation>Kassörer får sälja artiklar utanför katalogen</translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation>Kioskläge: helskärm, att stänga kräver admin-PIN</translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation>Prisändring kräver admin-PIN</translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation>Största antal per rad</translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation>Största radsumma</translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation>Bekräfta prisändringar över</translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation>Import: högst avvisade rader (%)</translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation>Import: högst ändrade priser utan att fråga (%)</translation>
    </message>
    <message>
        <source>uat or production</source>
        <translation>uat eller production</translation>
    </message>
    <message>
        <source>the site code the vendor gave you</source>
        <translation>webbplatskoden du fick av leverantören</translation>
    </message>
    <message>
        <source>peerius.com or peerius.episerver.net</source>
        <translation>peerius.com eller peerius.episerver.net</translation>
    </message>
    <message>
        <source>an explicit URL; overrides the three above</source>
        <translation>en uttrycklig URL; ersätter de tre ovan</translation>
    </message>
    <message>
        <source>an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none</source>
        <translation>en http://-proxy (host:port, ev. user:password@) för slutpunkten; tomt: ingen</translation>
    </message>
    <message>
        <source>use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)</source>
        <translation>använd HTTPS_PROXY, ALL_PROXY och NO_PROXY från miljön (proxyinställningen går före)</translation>
    </message>
    <message>
        <source>which certificate authorities to trust: system (this computer&apos;s) or bundled (posapp&apos;s)</source>
        <translation>vilka certifikatutfärdare som betros: system (den här datorns) eller bundled (posapps)</translation>
    </message>
    <message>
        <source>a PEM file of extra certificate authorities (your company CA), trusted as well</source>
        <translation>en PEM-fil med fler certifikatutfärdare (företagets CA), som också betros</translation>
    </message>
    <message>
        <source>different on every till; starts each order number</source>
        <translation>olika på varje kassa; inleder varje ordernummer</translation>
    </message>
    <message>
        <source>sent with every order as order.attributes</source>
        <translation>skickas med varje order som order.attributes</translation>
    </message>
    <message>
        <source>a three-letter ISO 4217 code</source>
        <translation>en ISO 4217-kod med tre bokstäver</translation>
    </message>
    <message>
        <source>the orders&apos; language, like en-gb</source>
        <translation>ordrarnas språk, t.ex. en-gb</translation>
    </message>
    <message>
        <source>the window&apos;s language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine&apos;s)</source>
        <translation>kassans språk: system, en, de, fr, nl, sv, da, nb, fi, es (system: datorns)</translation>
    </message>
    <message>
        <source>customer details agreed with the vendor</source>
        <translation>kunduppgifter överenskomna med leverantören</translation>
    </message>
    <message>
        <source>may the cashier sell an item that is not in the catalog, at a typed price</source>
        <translation>får kassören sälja en artikel som inte finns i katalogen, till ett inskrivet pris</translation>
    </message>
    <message>
        <source>full screen; closing needs the admin PIN</source>
        <translation>helskärm; att stänga kräver admin-PIN</translation>
    </message>
    <message>
        <source>a price override needs the admin PIN</source>
        <translation>prisändring kräver admin-PIN</translation>
    </message>
    <message>
        <source>the largest quantity one line may have</source>
        <translation>det största antal en rad får ha</translation>
    </message>
    <message>
        <source>the largest total one line may have, in the till&apos;s currency</source>
        <translation>den största summa en rad får ha, i kassans valuta</translation>
    </message>
    <message>
        <source>a price changed to 0 or to more than this asks for the PIN and a confirmation</source>
        <translation>ett pris som ändras till 0 eller till mer än detta kräver PIN-koden och en bekräftelse</translation>
    </message>
    <message>
        <source>an import that rejects more than this share of its rows (percent) changes nothing</source>
        <translation>en import som avvisar mer än denna andel av sina rader (procent) ändrar ingenting</translation>
    </message>
    <message>
        <source>an import changing the price of more than this share of products (percent) asks first</source>
        <translation>en import som ändrar priset för mer än denna andel av produkterna (procent) frågar först</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Kortkommandon</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Kommando</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tangenter</translation>
    </message>
    <message>
        <source>Every command of the till and its keys</source>
        <translation>Alla kassans kommandon och deras tangenter</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation>Stäng listan över kortkommandon</translation>
    </message>
</context>
<context>
    <name>TillMenus</name>
    <message>
        <source>&amp;Sale</source>
        <translation>&amp;Försäljning</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Slutför köpet</translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation>Till skanningsfältet</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Kundkort eller kund-ID</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ingen kund</translation>
    </message>
    <message>
        <source>Change quantity of the selected line</source>
        <translation>Ändra antal på vald rad</translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation>Ändra pris på vald rad</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Ta bort vald rad</translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation>Töm varukorgen…</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Kö</translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation>Öppna orderkön</translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation>Skicka väntande ordrar nu</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Inställningar…</translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation>Ersätt katalogen från en CSV-fil…</translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation>Ersätt kundregistret från en CSV-fil…</translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation>Återställ tidigare katalog…</translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation>Återställ tidigare kundregister…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjälp</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Kortkommandon</translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation>Slutpunkt: nåbar</translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation>Slutpunkt: OFFLINE, ordrar köas</translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation>Slutpunkt: INLOGGNING AVVISAD, ring chefen</translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation>Sändning PAUSAD, ordrar köas: %1</translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation>Köad här, skickas inte från det här fönstret: %1</translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation>Slutpunkt: ingen order skickad än</translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation>%1 köad: %2</translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation>%1 köad: sändningen är pausad (se statusfältet). Ring chefen.</translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation>Skickar %1 (%2)…</translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation>Köad (offline) %1: skickas av sig själv</translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation>Nytt köp: skanna nästa artikel, F12 slutför.</translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation>Skickad %1 (%2)</translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation>Inte godkänd av leverantören: %1. Köpet sparas; en chef kan se varför i kön (F9).</translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation>%1 köad: slutpunkten avvisade våra inloggningsuppgifter. Ring chefen.</translation>
    </message>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation>
            <numerusform>Väntande: %n</numerusform>
            <numerusform>Väntande: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation>
            <numerusform>Parkerade: %n</numerusform>
            <numerusform>Parkerade: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation>Senast skickade order</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation>Ordrar som slutpunkten avvisade. Öppnar kön vid dem (F9)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Slutpunkt</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Väntande ordrar</translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation>Parkerade ordrar: öppna kön</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation>Ordrar som slutpunkten avvisade. Klicka för att se varför (F9).</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ingen än</translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation>Senast skickad: %1</translation>
    </message>
    <message>
        <source>The outbox was lost or emptied on %1: orders from before may be missing; tell IT</source>
        <translation>Utkorgen förlorades eller tömdes %1: tidigare ordrar kan saknas; meddela IT</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Till ID must be 1 to %1 letters or digits, dashes allowed inside (for example REGENT-01), and different on every till.</source>
        <translation>Kass-ID ska vara 1 till %1 bokstäver eller siffror, bindestreck bara inuti (till exempel REGENT-01), och olika på varje kassa.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation>%1 %2 har för många decimaler: %3 tillåter högst %4.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation>%1 %2 har för många decimaler: %3 tillåter inga decimaler.</translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation>%1 %2 är inte ett belopp; skriv det som 12.50.</translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation>%1 %2 är för lång: högst %3 tecken.</translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation>%1 får inte vara negativt.</translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation>%1 innehåller ett osynligt eller riktningsändrande tecken (%2, %3)%4.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation>%1 innehåller tecken som inte kan skrivas ut (%2)%3.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation>%1 innehåller tecken som inte kan skrivas ut%2.</translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation>%1 är tom%2.</translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation>%1 saknas; skanna eller skriv koden.</translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation>%1 är inget kund-ID: använd bokstäver, siffror, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; eller &apos;-&apos; (högst %2).</translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation>%1 är inget tal en kassa kan använda (för många siffror eller en enorm exponent).</translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation>%1 är inte giltig Unicode-text (ett ensamt surrogat %2)%3.</translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation>%1 är för stort för en kassa; kontrollera beloppet.</translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation>%1 måste vara ett belopp, t.ex. 12.50.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 måste vara text.</translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation>Valutan %1 känner kassan inte till: använd en ISO 4217-kod med tre bokstäver, som GBP, EUR eller USD.</translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation>Kund-ID är tomt; skanna kundkortet eller skriv ID:t.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Rad %1: %2</translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation>Inget skannades; skanna eller skriv en artikelkod.</translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation>Antalet är större än %1; kontrollera siffran.</translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation>Antalet måste vara ett heltal, t.ex. 1 eller 3.</translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation>Antalet måste vara minst 1; ta bort raden i stället.</translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation>Antalet skulle bli %1, mer än %2; kontrollera siffran.</translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation>Den raden finns inte längre i varukorgen.</translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation>Det ser ut som en e-postadress. E-post skickas aldrig: skanna kundkortet eller skriv kund-ID i stället.</translation>
    </message>
    <message>
        <source>Write the quantity before the *, as in 3*CODE.</source>
        <translation>Skriv antalet före *, som i 3*KOD.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Priset</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Antalet</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Artikelkoden</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namnet</translation>
    </message>
    <message>
        <source>Customer detail name</source>
        <translation>Namnet på kunduppgiften</translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation>; skanna eller skriv koden</translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation> (ett skannerfel?); skanna igen</translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation>inloggning avvisad: slutpunkten avvisade webbplatsen eller token</translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation>ingen webbplatstoken angiven</translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation>pausad av operatören</translation>
    </message>
    <message>
        <source>another posapp (process %1) is already delivering from this outbox; orders stay queued and that one will send them</source>
        <translation>en annan posapp (process %1) skickar redan från den här kön; ordrarna ligger kvar i kön och den skickar dem</translation>
    </message>
    <message>
        <source>the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: the orders stay queued; tell IT</source>
        <translation>sändningslåset %1 går inte att använda (%2); tills dess skickar den här kassan ingenting: ordrarna ligger kvar i kön; kontakta IT</translation>
    </message>
    <message>
        <source>The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops.</source>
        <translation>Den pågående försäljningen kan inte sparas i %1 (%2); den går förlorad om posapp stängs.</translation>
    </message>
    <message>
        <source>The outbox %1 cannot be used: %2 (%3); %4.</source>
        <translation>Kön %1 går inte att använda: %2 (%3); %4.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is almost full: the sale is not taken; tell IT (%1 MB free).</source>
        <translation>Kassans disk är nästan full: försäljningen tas inte emot; kontakta IT (%1 MB ledigt).</translation>
    </message>
    <message>
        <source>tell IT to check the disk; keep the file, never delete it</source>
        <translation>be IT kontrollera disken; behåll filen, radera den aldrig</translation>
    </message>
    <message>
        <source>the orders already in it are safe and stay queued; tell IT</source>
        <translation>ordrarna i den är säkra och ligger kvar i kön; kontakta IT</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>disken är full</translation>
    </message>
    <message>
        <source>the profile is read-only</source>
        <translation>profilen är skrivskyddad</translation>
    </message>
    <message>
        <source>the disk failed to read or write (input/output error)</source>
        <translation>disken kunde inte läsa eller skriva (in-/utmatningsfel)</translation>
    </message>
    <message>
        <source>it cannot be opened (is something else where the file or its folder belongs?)</source>
        <translation>den går inte att öppna (ligger något annat där filen eller dess mapp ska vara?)</translation>
    </message>
    <message>
        <source>The endpoint refused the site code or the site token: check both.</source>
        <translation>Slutpunkten avvisade webbplatskoden eller webbplatstoken: kontrollera båda.</translation>
    </message>
    <message>
        <source>Connected: the site and token were accepted. The endpoint refused the empty test order, as it should, so nothing was recorded.</source>
        <translation>Ansluten: webbplatsen och token godtogs. Slutpunkten avvisade den tomma testordern, som den ska, så inget registrerades.</translation>
    </message>
    <message>
        <source>Connected, but the endpoint accepted an empty order; tell the vendor.</source>
        <translation>Ansluten, men slutpunkten tog emot en tom order; meddela leverantören.</translation>
    </message>
    <message>
        <source>No answer from the endpoint (%1). Check the network, the environment and the site name or endpoint URL.</source>
        <translation>Inget svar från slutpunkten (%1). Kontrollera nätverket, miljön och webbplatsnamnet eller slutpunktens URL.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not trusted by this till: if your network inspects HTTPS, add your company CA file in Settings &gt; Network</source>
        <translation>Slutpunktens certifikat är inte betrott av den här kassan: om ert nätverk granskar HTTPS, lägg till företagets CA-fil under Inställningar &gt; Nätverk</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) has expired; if the date on this till is wrong, correct it, otherwise tell the vendor</source>
        <translation>Slutpunktens certifikat (%1) har gått ut; om datumet i den här kassan är fel, rätta det, annars meddela leverantören</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) is not valid yet: check the date and time on this till</source>
        <translation>Slutpunktens certifikat (%1) är inte giltigt än: kontrollera datum och tid i den här kassan</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not for %1: check the endpoint URL, or whether your network sends HTTPS elsewhere</source>
        <translation>Slutpunktens certifikat gäller inte %1: kontrollera slutpunktens URL, eller om ert nätverk skickar HTTPS någon annanstans</translation>
    </message>
    <message>
        <source>The proxy at %1 did not answer: check the proxy setting and the network</source>
        <translation>Proxyn på %1 svarade inte: kontrollera proxyinställningen och nätverket</translation>
    </message>
    <message>
        <source>The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)</source>
        <translation>Proxyn på %1 avvisade användarnamnet och lösenordet i proxyinställningen (HTTP 407)</translation>
    </message>
    <message>
        <source>The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as http://user:password@host:port</source>
        <translation>Proxyn på %1 kräver användarnamn och lösenord (HTTP 407): ange proxyn som http://user:password@host:port</translation>
    </message>
    <message>
        <source>The proxy at %1 would not connect to the endpoint (HTTP %2)</source>
        <translation>Proxyn på %1 ville inte ansluta till slutpunkten (HTTP %2)</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>levererad</translation>
    </message>
    <message>
        <source>delivered with warnings</source>
        <translation>levererad med varningar</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>avvisad</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>inloggning avvisad</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>tillfälligt fel</translation>
    </message>
    <message>
        <source>unknown outcome</source>
        <translation>okänt resultat</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>retry after %1 s</source>
        <translation>nytt försök om %1 s</translation>
    </message>
    <message>
        <source>%1 in %2: %3 added, %4 removed, %5; %6 (%7)</source>
        <translation>%1 i %2: %3 tillagda, %4 borttagna, %5; %6 (%7)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 with a new price</source>
        <translation>%1 med nytt pris</translation>
    </message>
    <message>
        <source>%1 with a new customer ID</source>
        <translation>%1 med nytt kund-ID</translation>
    </message>
    <message>
        <source>%1 with a new %2</source>
        <translation>%1 med nytt värde för %2</translation>
    </message>
    <message>
        <source>the catalog has %1 now</source>
        <translation>katalogen har %1 nu</translation>
    </message>
    <message>
        <source>the customer directory has %1 now</source>
        <translation>kundregistret har %1 nu</translation>
    </message>
    <message>
        <source>the %1 has %2 now</source>
        <translation>%1 har %2 nu</translation>
    </message>
    <message>
        <source>Largest price changes:</source>
        <translation>Största prisändringarna:</translation>
    </message>
    <message>
        <source>Largest customer ID changes:</source>
        <translation>Största ändringarna av kund-ID:</translation>
    </message>
    <message>
        <source>Largest %1 changes:</source>
        <translation>Största ändringarna av %1:</translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3%4</source>
        <translation>  %1: %2 -&gt; %3%4</translation>
    </message>
    <message>
        <source>Rejected rows:</source>
        <translation>Avvisade rader:</translation>
    </message>
    <message>
        <source>  line %1: %2</source>
        <translation>  rad %1: %2</translation>
    </message>
    <message>
        <source>the file has no products</source>
        <translation>filen innehåller inga produkter</translation>
    </message>
    <message>
        <source>the file has no customers</source>
        <translation>filen innehåller inga kunder</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, or allow more)</source>
        <translation>%1 av %2 rader (%3) kan inte användas och skulle gå förlorade (högst %4 % får det; rätta de raderna eller tillåt fler)</translation>
    </message>
    <message>
        <source>the catalog would shrink from %1 to %2 products</source>
        <translation>katalogen skulle krympa från %1 till %2 produkter</translation>
    </message>
    <message>
        <source>the customer directory would shrink from %1 to %2 customers</source>
        <translation>kundregistret skulle krympa från %1 till %2 kunder</translation>
    </message>
    <message>
        <source>%1 of %2 products would change price (%3; more than %4%)</source>
        <translation>%1 av %2 produkter skulle få nytt pris (%3; mer än %4 %)</translation>
    </message>
    <message>
        <source>%1 of %2 customers would change customer ID (%3; more than %4%)</source>
        <translation>%1 av %2 kunder skulle få nytt kund-ID (%3; mer än %4 %)</translation>
    </message>
    <message>
        <source>The proxy must be an http:// URL, like http://proxy.example:3128 (not %1).</source>
        <translation>Proxyn måste vara en http://-adress, som http://proxy.example:3128 (inte %1).</translation>
    </message>
    <message>
        <source>The proxy needs a host and a port, like http://proxy.example:3128 (not %1).</source>
        <translation>Proxyn behöver en värd och en port, som http://proxy.example:3128 (inte %1).</translation>
    </message>
    <message>
        <source>The proxy is only http://host:port, with no path after it (not %1).</source>
        <translation>Proxyn är bara http://värd:port, utan sökväg efter (inte %1).</translation>
    </message>
    <message>
        <source>The proxy in the environment cannot be used: %1</source>
        <translation>Proxyn i miljön går inte att använda: %1</translation>
    </message>
    <message>
        <source>certificates must be system (the trust store of this computer) or bundled (the list that ships with posapp).</source>
        <translation>certificates måste vara system (datorns certifikatlager) eller bundled (listan som följer med posapp).</translation>
    </message>
    <message>
        <source>The CA file&apos;s name cannot be printed; type the path again.</source>
        <translation>CA-filens namn innehåller tecken som inte kan skrivas ut; skriv sökvägen igen.</translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>CA-filen %1 finns inte.</translation>
    </message>
    <message>
        <source>The CA file %1 is a folder, not a file.</source>
        <translation>CA-filen %1 är en mapp, inte en fil.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2).</source>
        <translation>CA-filen %1 går inte att läsa (%2).</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----).</source>
        <translation>CA-filen %1 innehåller inga PEM-certifikat (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The CA file %1 is damaged: its PEM certificates cannot be read.</source>
        <translation>CA-filen %1 är skadad: dess PEM-certifikat går inte att läsa.</translation>
    </message>
    <message>
        <source>needs refCode, name and price</source>
        <translation>behöver refCode, namn och pris</translation>
    </message>
    <message>
        <source>needs card (or email) and customerId</source>
        <translation>behöver kundkort (eller e-post) och customerId</translation>
    </message>
    <message>
        <source>barcode %1 must be digits (EAN)</source>
        <translation>streckkoden %1 måste vara siffror (EAN)</translation>
    </message>
    <message>
        <source>refCode %1 appears twice (first on line %2)</source>
        <translation>refCode %1 förekommer två gånger (först på rad %2)</translation>
    </message>
    <message>
        <source>barcode %1 appears twice (first on line %2)</source>
        <translation>streckkoden %1 förekommer två gånger (först på rad %2)</translation>
    </message>
    <message>
        <source>%1 %2 appears twice (first on line %3)</source>
        <translation>%1 %2 förekommer två gånger (först på rad %3)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kundkortet</translation>
    </message>
    <message>
        <source>refCode</source>
        <translation>refCode</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Streckkoden</translation>
    </message>
</context>
</TS>
