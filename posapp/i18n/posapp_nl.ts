<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation>de instellingen te wijzigen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Instellingen opslaan…</translation>
    </message>
    <message>
        <source>replace the %1</source>
        <translation>de %1 te vervangen</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV-bestand</translation>
    </message>
    <message>
        <source>catalog</source>
        <translation>catalogus</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>klantenlijst</translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation>de vorige %1 terug te zetten</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Terugzetten</translation>
    </message>
</context>
<context>
    <name>AdminGate</name>
    <message>
        <source>Admin PIN</source>
        <translation>Beheerders-PIN</translation>
    </message>
    <message>
        <source>Admin PIN to %1:</source>
        <translation>Beheerders-PIN om %1:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Verkeerde PIN.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation>Te vaak een verkeerde PIN: probeer het over %1 s opnieuw.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation>Nog nodig: %1.</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Instellingen opslaan…</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation>Laatste bestelling</translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation>Klaar voor de eerste klant</translation>
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
        <translation>Aantal</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Stukprijs</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Regeltotaal</translation>
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
        <translation>Afrekenen  (F12)</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Winkelmand</translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation>Totaal winkelmand</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Afrekenen</translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation>De regels van de verkoop. F2 wijzigt het aantal van de gekozen regel, F3 de prijs, Ctrl+Del verwijdert hem</translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation>De verkoop opslaan en de bestelling versturen, dan de volgende verkoop beginnen (F12)</translation>
    </message>
    <message>
        <source>The catalog cannot be used; type the price of %1. Tell the manager: %2</source>
        <translation>De catalogus is niet bruikbaar; typ de prijs van %1. Meld het aan de manager: %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Toegevoegd: %1</translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation>Wacht op de prijs van %1.</translation>
    </message>
    <message>
        <source>The catalog cannot be used; tell the manager: %1</source>
        <translation>De catalogus is niet bruikbaar; meld het aan de manager: %1</translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation>Onbekend artikel %1: niet in de catalogus. Controleer de code of roep de bedrijfsleider.</translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation>Niet toegevoegd: %1 (geen prijs ingevoerd).</translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation>%1 verkopen voor %2? Dat is ongebruikelijk voor deze winkel.</translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation>Prijs controleren</translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation>te verkopen voor %1</translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation>De prijs van %1 is niet gewijzigd.</translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation>Prijs van %1 gewijzigd (met ✎ gemarkeerd in de winkelmand).</translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation>De winkelmand is leeg.</translation>
    </message>
    <message>
        <source>change a price</source>
        <translation>een prijs te wijzigen</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>Verwijderd: %1</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Winkelmand legen</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>%n regel uit de winkelmand verwijderen?</numerusform>
            <numerusform>Alle %n regels uit de winkelmand verwijderen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation>Winkelmand geleegd.</translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>Totaal %1   (%n artikel)</numerusform>
            <numerusform>Totaal %1   (%n artikelen)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln products</source>
        <translation>
            <numerusform>%Ln product</numerusform>
            <numerusform>%Ln producten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln klant</numerusform>
            <numerusform>%Ln klanten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) rejected</source>
        <translation>
            <numerusform>%Ln regel geweigerd</numerusform>
            <numerusform>%Ln regels geweigerd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... en nog %Ln</numerusform>
            <numerusform>  ... en nog %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>de %Ln regel is onbruikbaar</numerusform>
            <numerusform>geen van de %Ln regels is bruikbaar</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation>Klantenkaart of klantnummer, dan Enter</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Klantenkaart of -nummer</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klant</translation>
    </message>
    <message>
        <source>No customer (F8)</source>
        <translation>Geen klant (F8)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Klant:</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optioneel</translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation>Scan een klantenkaart of typ het klantnummer, druk dan op Enter</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Geen klant</translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation>De bestelling zonder klant versturen (F8)</translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation>Optioneel klantgegeven, afgesproken met de leverancier</translation>
    </message>
    <message>
        <source>The customer directory cannot be used; tell the manager: %1</source>
        <translation>Het klantenbestand is niet bruikbaar; meld het aan de manager: %1</translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation>Geen klant: de bestelling gaat zonder klant</translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation>%1: niet in de klantenlijst; verstuurd zoals getypt. F8: geen klant.</translation>
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
        <translation>Server uitschakelen</translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation>Demo: de server is uit. Reken een verkoop af om hem in de wachtrij te zien.</translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation>Demo: de server is terug. Wachtende bestellingen gaan vanzelf.</translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation>Volgende bestelling weigeren (HTTP 400)</translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation>Daarna de inloggegevens weigeren (HTTP 401)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation>%1 lezen…</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Er is niets gewijzigd.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 importeren…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>%n rij geïmporteerd…</numerusform>
            <numerusform>%n rijen geïmporteerd…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation>%1 vervangen: %2 %3 uit %4 (%5 nieuw, %6 verwijderd, %7 gewijzigd); de vorige blijft bewaard.</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Er is niets gewijzigd: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Importeren mislukt</translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation>, uit %1</translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation>Er is geen vorige %1 om terug te zetten.</translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation>De vorige %1 terugzetten (%2)? De huidige blijft bewaard, dus u kunt terugwisselen.</translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation>De vorige %1 is terug (%2).</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Terugzetten mislukt</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Import: what would change</source>
        <translation>Importeren: wat er zou veranderen</translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation>Ja, toch vervangen: %1</translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation>De %1 vervangen</translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation>Dit bestand kan de %1 niet vervangen: %2.</translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation>Controleer de wijzigingen hierboven voordat u de lijst vervangt.</translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation>Er is nog niets gewijzigd. De huidige %1 blijft bewaard en kan via het menu Beheer worden teruggezet.</translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation>Wat het bestand zou veranderen</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation>De grootste prijswijzigingen en de onbruikbare rijen, met hun regelnummer</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Oordeel</translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation>Toch vervangen</translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation>De lijst vervangen</translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation>Het bestand importeren; de huidige lijst blijft bewaard en kan worden teruggezet</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>Niets wijzigen</translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>catalog</source>
        <translation>catalogus</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>klantenlijst</translation>
    </message>
    <message>
        <source>products</source>
        <translation>producten</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>klanten</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Type the price of %1 first, or press Esc to leave it out.</source>
        <translation>Typ eerst de prijs van %1, of druk op Esc om het weg te laten.</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>NIET OPGESLAGEN: %1</translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation>Wachtende bestellingen worden nu verstuurd.</translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>Afsluiten met %n regel in de winkelmand? Die komt terug als posapp weer start.</numerusform>
            <numerusform>Afsluiten met %n regels in de winkelmand? Die komen terug als posapp weer start.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>Afsluiten met %n regel in de winkelmand? Die gaat verloren.</numerusform>
            <numerusform>Afsluiten met %n regels in de winkelmand? Die gaan verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afsluiten</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>af te sluiten</translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation>Instellingen opgeslagen; ze gelden vanaf nu.</translation>
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
        <translation>Bestelling</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Totaal</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Gemaakt</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Verstuurd</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Pogingen</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>Reden / laatste fout</translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation> (mogelijk dubbel)</translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message>
        <source>price for one</source>
        <translation>prijs per stuk</translation>
    </message>
    <message>
        <source>Price of the unknown item</source>
        <translation>Prijs van het onbekende artikel</translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation>Weglaten (Esc)</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Onbekend artikel</translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation>Typ de prijs per stuk van het onbekende artikel, dan Enter; Esc laat het weg</translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation>Het onbekende artikel weglaten</translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation>Het onbekende artikel wordt niet aan de winkelmand toegevoegd (Esc)</translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation>%1 staat niet in de catalogus: typ de prijs per stuk, dan Enter.</translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>Daarna wacht nog %n onbekend artikel.</numerusform>
            <numerusform>Daarna wachten nog %n onbekende artikelen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Order queue</source>
        <translation>Wachtrij</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Wachtend</translation>
    </message>
    <message>
        <source>Parked: need attention</source>
        <translation>Geparkeerd: controleren</translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation>Vandaag verstuurd</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Selectie opnieuw</translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation>Alle opnieuw</translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation>Geparkeerde exporteren…</translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation>Nu versturen</translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation>Dagoverzicht (CSV)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Wachtende bestellingen</translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation>Bestellingen die wachten op verzending</translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation>Geparkeerde bestellingen</translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation>Bestellingen die de server weigerde, met de reden; selecteer er een om hem opnieuw te versturen</translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation>Vandaag verstuurde bestellingen</translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation>Bestellingen van vandaag die de server aannam</translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation>Overzicht van vandaag</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation>De gekozen geparkeerde bestellingen opnieuw versturen</translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation>Alle geparkeerde bestellingen opnieuw versturen</translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation>Geparkeerde exporteren</translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation>De geparkeerde bestellingen in een bestand opslaan voor support</translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation>Alle wachtende bestellingen nu proberen</translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation>Dagoverzicht exporteren</translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation>De bestellingen van vandaag als CSV-bestand opslaan voor de dagafsluiting</translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation>De wachtrij sluiten</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>Vandaag: %n bestelling verstuurd (%1). Wachtend: %2. Geparkeerd: %3.</numerusform>
            <numerusform>Vandaag: %n bestellingen verstuurd (%1). Wachtend: %2. Geparkeerd: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation>geparkeerde bestellingen opnieuw te versturen</translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation>Selecteer eerst een geparkeerde bestelling.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n bestelling terug in de wachtrij.</numerusform>
            <numerusform>%n bestellingen terug in de wachtrij.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation>Alle wachtende bestellingen worden nu geprobeerd.</translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation>geparkeerde bestellingen te exporteren</translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation>Geparkeerde bestellingen exporteren</translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n geparkeerde bestelling opgeslagen in %1</numerusform>
            <numerusform>%n geparkeerde bestellingen opgeslagen in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporteren…</translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation>Dagoverzicht exporteren</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n bestelling opgeslagen in %1</numerusform>
            <numerusform>%n bestellingen opgeslagen in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>De onafgemaakte verkoop is terug: %n regel. Ga verder of leeg de winkelmand.</numerusform>
            <numerusform>De onafgemaakte verkoop is terug: %n regels. Ga verder of leeg de winkelmand.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation>Scan een artikel of typ een code (3*CODE voor drie), dan Enter</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Artikelcode</translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation>Scan een artikel of typ de code en druk op Enter; 3*CODE voegt er drie toe</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation>%1 gescand: gaat in de winkelmand zodra dit venster sluit.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>Taal van het systeem</translation>
    </message>
    <message>
        <source>Set up this till</source>
        <translation>Deze kassa instellen</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Kassa-instellingen</translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation>het sitetoken van de leverancier</translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation>leeg laten om het opgeslagen token te houden</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>4 tot 12 cijfers</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>leeg laten om de PIN te houden</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netwerk</translation>
    </message>
    <message>
        <source>Site token</source>
        <translation>Sitetoken</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>Beheerders-PIN</translation>
    </message>
    <message>
        <source>Admin PIN again</source>
        <translation>Beheerders-PIN herhalen</translation>
    </message>
    <message>
        <source>The site token from the vendor; it is kept in the system&apos;s keyring</source>
        <translation>Het sitetoken van de leverancier; het wordt in de sleutelbos van het systeem bewaard</translation>
    </message>
    <message>
        <source>The PIN a manager types to change settings, prices and parked orders</source>
        <translation>De PIN die een bedrijfsleider typt om instellingen, prijzen en geparkeerde bestellingen te wijzigen</translation>
    </message>
    <message>
        <source>The same PIN again, to be sure</source>
        <translation>Dezelfde PIN nog eens, voor de zekerheid</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Verbinding testen</translation>
    </message>
    <message>
        <source>Ask the endpoint whether it takes these settings and the site token</source>
        <translation>Vraag de server of hij deze instellingen en het sitetoken accepteert</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
    <message>
        <source>Check the settings and use them from now on</source>
        <translation>De instellingen controleren en vanaf nu gebruiken</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Sluiten zonder iets te wijzigen</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Verbindingstest</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Probleem</translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation>Vergrendeld door de beheerder in %1; alleen daar te wijzigen.</translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation>door de beheerder ingesteld voor deze computer</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Sleutelbos controleren…</translation>
    </message>
    <message>
        <source>No usable keyring was found on this machine (a headless kiosk usually has none). Either give the token as the systemd credential %1 (LoadCredential=), or in the environment variable %2, or run a keyring daemon such as gnome-keyring in the session.</source>
        <translation>Er is op deze computer geen bruikbare sleutelbos gevonden (een kiosk zonder scherm heeft er meestal geen). Geef het token als systemd-credential %1 (LoadCredential=), of in de omgevingsvariabele %2, of start een sleutelbosdienst zoals gnome-keyring in de sessie.</translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation>Nodig voordat de kassa bestellingen kan versturen.</translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation>Het sitetoken is nodig (of stel POSAPP_SITE_TOKEN in).</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>De twee PIN&apos;s verschillen.</translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation>Typ eerst het sitetoken.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Controleren…</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Omgeving</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>Sitecode</translation>
    </message>
    <message>
        <source>Production domain</source>
        <translation>Productiedomein</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>Server-URL</translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation>optioneel: een vaste URL, vervangt de drie hierboven</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>optional: http://proxy.example:3128</source>
        <translation>optioneel: http://proxy.example:3128</translation>
    </message>
    <message>
        <source>Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)</source>
        <translation>Proxy uit de omgeving (HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>Vertrouwde certificaten</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>CA-bestand van het bedrijf</translation>
    </message>
    <message>
        <source>optional: a .pem file, if your network inspects HTTPS</source>
        <translation>optioneel: een .pem-bestand, als uw netwerk HTTPS inspecteert</translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation>Kassa-ID</translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation>bijvoorbeeld REGENT-01, op elke kassa anders</translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation>Winkelgegevens (naam = waarde)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Valuta</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal van bestellingen</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Taal van de kassa</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Klantgegevens</translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation>met de leverancier afgesproken sleutels, bijv. gender, diet</translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation>Kassa mag artikelen buiten de catalogus verkopen</translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation>Kiosk: volledig scherm, sluiten met beheerders-PIN</translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation>Prijs wijzigen vraagt de beheerders-PIN</translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation>Grootste aantal per regel</translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation>Grootste regeltotaal</translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation>Prijswijzigingen bevestigen vanaf</translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation>Import: max. geweigerde rijen (%)</translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation>Import: max. gewijzigde prijzen zonder vragen (%)</translation>
    </message>
    <message>
        <source>uat or production</source>
        <translation>uat of production</translation>
    </message>
    <message>
        <source>the site code the vendor gave you</source>
        <translation>de sitecode die u van de leverancier kreeg</translation>
    </message>
    <message>
        <source>peerius.com or peerius.episerver.net</source>
        <translation>peerius.com of peerius.episerver.net</translation>
    </message>
    <message>
        <source>an explicit URL; overrides the three above</source>
        <translation>een vaste URL; vervangt de drie hierboven</translation>
    </message>
    <message>
        <source>an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none</source>
        <translation>een http://-proxy (host:port, eventueel user:password@) voor de server; leeg: geen</translation>
    </message>
    <message>
        <source>use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)</source>
        <translation>HTTPS_PROXY, ALL_PROXY en NO_PROXY uit de omgeving gebruiken (de proxy-instelling gaat voor)</translation>
    </message>
    <message>
        <source>which certificate authorities to trust: system (this computer&apos;s) or bundled (posapp&apos;s)</source>
        <translation>welke certificaatautoriteiten te vertrouwen: system (die van deze computer) of bundled (die van posapp)</translation>
    </message>
    <message>
        <source>a PEM file of extra certificate authorities (your company CA), trusted as well</source>
        <translation>een PEM-bestand met extra certificaatautoriteiten (de CA van uw bedrijf), die ook vertrouwd worden</translation>
    </message>
    <message>
        <source>different on every till; starts each order number</source>
        <translation>op elke kassa anders; begin van elk bestelnummer</translation>
    </message>
    <message>
        <source>sent with every order as order.attributes</source>
        <translation>met elke bestelling verstuurd als order.attributes</translation>
    </message>
    <message>
        <source>a three-letter ISO 4217 code</source>
        <translation>een ISO 4217-code van drie letters</translation>
    </message>
    <message>
        <source>the orders&apos; language, like en-gb</source>
        <translation>de taal van de bestellingen, zoals en-gb</translation>
    </message>
    <message>
        <source>the window&apos;s language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine&apos;s)</source>
        <translation>de taal van de kassa: system, en, de, fr, nl, sv, da, nb, fi, es (system: die van de computer)</translation>
    </message>
    <message>
        <source>customer details agreed with the vendor</source>
        <translation>met de leverancier afgesproken klantgegevens</translation>
    </message>
    <message>
        <source>may the cashier sell an item that is not in the catalog, at a typed price</source>
        <translation>mag de kassa een artikel verkopen dat niet in de catalogus staat, tegen een ingevoerde prijs</translation>
    </message>
    <message>
        <source>full screen; closing needs the admin PIN</source>
        <translation>volledig scherm; sluiten vraagt de beheerders-PIN</translation>
    </message>
    <message>
        <source>a price override needs the admin PIN</source>
        <translation>prijs wijzigen vraagt de beheerders-PIN</translation>
    </message>
    <message>
        <source>the largest quantity one line may have</source>
        <translation>het grootste aantal dat één regel mag hebben</translation>
    </message>
    <message>
        <source>the largest total one line may have, in the till&apos;s currency</source>
        <translation>het grootste regeltotaal dat één regel mag hebben, in de valuta van de kassa</translation>
    </message>
    <message>
        <source>a price changed to 0 or to more than this asks for the PIN and a confirmation</source>
        <translation>een prijs gewijzigd naar 0 of naar meer dan dit vraagt om de PIN en een bevestiging</translation>
    </message>
    <message>
        <source>an import that rejects more than this share of its rows (percent) changes nothing</source>
        <translation>een import die meer dan dit deel van de rijen weigert (procent), wijzigt niets</translation>
    </message>
    <message>
        <source>an import changing the price of more than this share of products (percent) asks first</source>
        <translation>een import die de prijs van meer dan dit deel van de producten wijzigt (procent), vraagt eerst</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Opdracht</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Toetsen</translation>
    </message>
    <message>
        <source>Every command of the till and its keys</source>
        <translation>Alle opdrachten van de kassa en hun toetsen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation>De lijst met sneltoetsen sluiten</translation>
    </message>
</context>
<context>
    <name>TillMenus</name>
    <message>
        <source>&amp;Sale</source>
        <translation>&amp;Verkoop</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Afrekenen</translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation>Naar het scanveld</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Klantenkaart of -nummer</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Geen klant</translation>
    </message>
    <message>
        <source>Change quantity of the selected line</source>
        <translation>Aantal van de gekozen regel wijzigen</translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation>Prijs van de gekozen regel wijzigen</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Gekozen regel verwijderen</translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation>Winkelmand legen…</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Wachtrij</translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation>Bestelwachtrij openen</translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation>Wachtende bestellingen nu versturen</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>&amp;Beheer</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Instellingen…</translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation>Catalogus vervangen uit CSV-bestand…</translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation>Klantenlijst vervangen uit CSV-bestand…</translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation>Vorige catalogus terugzetten…</translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation>Vorige klantenlijst terugzetten…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afsluiten</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation>Server: bereikbaar</translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation>Server: OFFLINE, bestellingen wachten</translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation>Server: INLOGGEGEVENS GEWEIGERD, roep de bedrijfsleider</translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation>Versturen GEPAUZEERD, bestellingen wachten: %1</translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation>Hier bewaard, niet vanuit dit venster verstuurd: %1</translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation>Server: nog geen bestelling verstuurd</translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation>%1 wacht: %2</translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation>%1 wacht: versturen is gepauzeerd (zie de statusbalk). Roep de bedrijfsleider.</translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation>%1 wordt verstuurd (%2)…</translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation>%1 bewaard (offline): gaat vanzelf</translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation>Nieuwe verkoop: scan het volgende artikel, F12 rekent af.</translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation>%1 verstuurd (%2)</translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation>Niet geaccepteerd door de leverancier: %1. De verkoop blijft bewaard; de bedrijfsleider ziet de reden in de wachtrij (F9).</translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation>%1 wacht: de server weigert onze inloggegevens. Roep de bedrijfsleider.</translation>
    </message>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation>
            <numerusform>Wachtend: %n</numerusform>
            <numerusform>Wachtend: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation>
            <numerusform>Geparkeerd: %n</numerusform>
            <numerusform>Geparkeerd: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation>Laatst verstuurde bestelling</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation>Bestellingen die de server weigerde. Opent de wachtrij bij die bestellingen (F9)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Wachtende bestellingen</translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation>Geparkeerde bestellingen: wachtrij openen</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation>Bestellingen die de server weigerde. Klik voor de reden (F9).</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>nog geen</translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation>Laatst verstuurd: %1</translation>
    </message>
    <message>
        <source>The outbox was lost or emptied on %1: orders from before may be missing; tell IT</source>
        <translation>De outbox is op %1 verloren gegaan of geleegd: eerdere bestellingen kunnen ontbreken; meld het aan IT</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Till ID must be 1 to %1 letters or digits, dashes allowed inside (for example REGENT-01), and different on every till.</source>
        <translation>De kassa-ID bestaat uit 1 tot %1 letters of cijfers, streepjes alleen binnenin (bijvoorbeeld REGENT-01), en is op elke kassa anders.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation>%1 %2 heeft te veel decimalen: %3 staat hoogstens %4 toe.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation>%1 %2 heeft te veel decimalen: %3 staat geen decimalen toe.</translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation>%1 %2 is geen bedrag; typ het zoals 12.50.</translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation>%1 %2 is te lang: hoogstens %3 tekens.</translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation>%1 mag niet negatief zijn.</translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation>%1 bevat een onzichtbaar of richtingveranderend teken (%2, %3)%4.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation>%1 bevat tekens die niet af te drukken zijn (%2)%3.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation>%1 bevat tekens die niet af te drukken zijn%2.</translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation>%1 is leeg%2.</translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation>%1 ontbreekt; scan of typ de code.</translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation>%1 is geen klantnummer: gebruik letters, cijfers, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; of &apos;-&apos; (hoogstens %2).</translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation>%1 is geen getal waarmee een kassa kan rekenen (te veel cijfers of een enorme exponent).</translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation>%1 is geen geldige Unicode-tekst (een los surrogaat %2)%3.</translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation>%1 is te groot voor een kassa; controleer het bedrag.</translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation>%1 moet een bedrag zijn, zoals 12.50.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 moet tekst zijn.</translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation>Valuta %1 kent deze kassa niet: gebruik een ISO 4217-code van drie letters, zoals GBP, EUR of USD.</translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation>Klantnummer is leeg; scan de klantenkaart of typ het nummer.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Regel %1: %2</translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation>Niets gescand; scan of typ een artikelcode.</translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation>Aantal is meer dan %1; controleer het getal.</translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation>Aantal moet een heel aantal artikelen zijn, zoals 1 of 3.</translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation>Aantal moet minstens 1 zijn; verwijder anders de regel.</translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation>Aantal zou %1 worden, meer dan %2; controleer het getal.</translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation>Die regel staat niet meer in de winkelmand.</translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation>Dat lijkt een e-mailadres. E-mails worden nooit verstuurd: scan de klantenkaart of typ het klantnummer.</translation>
    </message>
    <message>
        <source>Write the quantity before the *, as in 3*CODE.</source>
        <translation>Schrijf het aantal vóór de *, zoals in 3*CODE.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prijs</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Aantal</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Artikelcode</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Customer detail name</source>
        <translation>Naam van het klantgegeven</translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation>; scan of typ de code</translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation> (scannerfout?); scan opnieuw</translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation>inloggegevens geweigerd: de server weigert de site of het sitetoken</translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation>geen sitetoken ingesteld</translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation>handmatig gepauzeerd</translation>
    </message>
    <message>
        <source>another posapp (process %1) is already delivering from this outbox; orders stay queued and that one will send them</source>
        <translation>een andere posapp (proces %1) verstuurt al uit deze wachtrij; de bestellingen blijven in de wachtrij en die verstuurt ze</translation>
    </message>
    <message>
        <source>the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: the orders stay queued; tell IT</source>
        <translation>het verzendslot %1 is niet bruikbaar (%2); tot dan verstuurt deze kassa niets: de bestellingen blijven in de wachtrij; meld het aan IT</translation>
    </message>
    <message>
        <source>The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops.</source>
        <translation>De lopende verkoop kan niet worden bewaard in %1 (%2); die gaat verloren als posapp stopt.</translation>
    </message>
    <message>
        <source>The outbox %1 cannot be used: %2 (%3); %4.</source>
        <translation>De wachtrij %1 is niet bruikbaar: %2 (%3); %4.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is almost full: the sale is not taken; tell IT (%1 MB free).</source>
        <translation>De schijf van de kassa is bijna vol: de verkoop wordt niet aangenomen; meld het aan IT (%1 MB vrij).</translation>
    </message>
    <message>
        <source>tell IT to check the disk; keep the file, never delete it</source>
        <translation>laat IT de schijf controleren; bewaar het bestand, verwijder het nooit</translation>
    </message>
    <message>
        <source>the orders already in it are safe and stay queued; tell IT</source>
        <translation>de bestellingen erin zijn veilig en blijven in de wachtrij; meld het aan IT</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>de schijf is vol</translation>
    </message>
    <message>
        <source>the profile is read-only</source>
        <translation>het profiel is alleen-lezen</translation>
    </message>
    <message>
        <source>the disk failed to read or write (input/output error)</source>
        <translation>de schijf kon niet lezen of schrijven (invoer-/uitvoerfout)</translation>
    </message>
    <message>
        <source>it cannot be opened (is something else where the file or its folder belongs?)</source>
        <translation>het kan niet worden geopend (staat er iets anders waar het bestand of de map hoort?)</translation>
    </message>
    <message>
        <source>The endpoint refused the site code or the site token: check both.</source>
        <translation>De server weigert de sitecode of het sitetoken: controleer beide.</translation>
    </message>
    <message>
        <source>Connected: the site and token were accepted. The endpoint refused the empty test order, as it should, so nothing was recorded.</source>
        <translation>Verbonden: de site en het token zijn geaccepteerd. De server weigerde de lege testbestelling, zoals het hoort, dus er is niets vastgelegd.</translation>
    </message>
    <message>
        <source>Connected, but the endpoint accepted an empty order; tell the vendor.</source>
        <translation>Verbonden, maar de server accepteerde een lege bestelling; meld het aan de leverancier.</translation>
    </message>
    <message>
        <source>No answer from the endpoint (%1). Check the network, the environment and the site name or endpoint URL.</source>
        <translation>Geen antwoord van de server (%1). Controleer het netwerk, de omgeving en de sitenaam of de server-URL.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not trusted by this till: if your network inspects HTTPS, add your company CA file in Settings &gt; Network</source>
        <translation>Het certificaat van de server wordt door deze kassa niet vertrouwd: als uw netwerk HTTPS inspecteert, voeg dan het CA-bestand van het bedrijf toe bij Instellingen &gt; Netwerk</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) has expired; if the date on this till is wrong, correct it, otherwise tell the vendor</source>
        <translation>Het certificaat van de server (%1) is verlopen; staat de datum van deze kassa verkeerd, corrigeer die dan, anders meld het aan de leverancier</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) is not valid yet: check the date and time on this till</source>
        <translation>Het certificaat van de server (%1) is nog niet geldig: controleer de datum en tijd van deze kassa</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not for %1: check the endpoint URL, or whether your network sends HTTPS elsewhere</source>
        <translation>Het certificaat van de server is niet voor %1: controleer de server-URL, of uw netwerk HTTPS ergens anders heen stuurt</translation>
    </message>
    <message>
        <source>The proxy at %1 did not answer: check the proxy setting and the network</source>
        <translation>De proxy op %1 antwoordt niet: controleer de proxy-instelling en het netwerk</translation>
    </message>
    <message>
        <source>The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)</source>
        <translation>De proxy op %1 weigert de gebruikersnaam en het wachtwoord uit de proxy-instelling (HTTP 407)</translation>
    </message>
    <message>
        <source>The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as http://user:password@host:port</source>
        <translation>De proxy op %1 vraagt om een gebruikersnaam en wachtwoord (HTTP 407): stel de proxy in als http://user:password@host:port</translation>
    </message>
    <message>
        <source>The proxy at %1 would not connect to the endpoint (HTTP %2)</source>
        <translation>De proxy op %1 wil geen verbinding met de server maken (HTTP %2)</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>afgeleverd</translation>
    </message>
    <message>
        <source>delivered with warnings</source>
        <translation>afgeleverd met waarschuwingen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>geweigerd</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>inloggegevens geweigerd</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>tijdelijke fout</translation>
    </message>
    <message>
        <source>unknown outcome</source>
        <translation>uitkomst onbekend</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>retry after %1 s</source>
        <translation>opnieuw over %1 s</translation>
    </message>
    <message>
        <source>%1 in %2: %3 added, %4 removed, %5; %6 (%7)</source>
        <translation>%1 in %2: %3 toegevoegd, %4 verwijderd, %5; %6 (%7)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 with a new price</source>
        <translation>%1 met een nieuwe prijs</translation>
    </message>
    <message>
        <source>%1 with a new customer ID</source>
        <translation>%1 met een nieuw klantnummer</translation>
    </message>
    <message>
        <source>%1 with a new %2</source>
        <translation>%1 met een nieuwe %2</translation>
    </message>
    <message>
        <source>the catalog has %1 now</source>
        <translation>de catalogus heeft er nu %1</translation>
    </message>
    <message>
        <source>the customer directory has %1 now</source>
        <translation>de klantenlijst heeft er nu %1</translation>
    </message>
    <message>
        <source>the %1 has %2 now</source>
        <translation>%1 heeft er nu %2</translation>
    </message>
    <message>
        <source>Largest price changes:</source>
        <translation>Grootste prijswijzigingen:</translation>
    </message>
    <message>
        <source>Largest customer ID changes:</source>
        <translation>Grootste wijzigingen van klantnummers:</translation>
    </message>
    <message>
        <source>Largest %1 changes:</source>
        <translation>Grootste wijzigingen van %1:</translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3%4</source>
        <translation>  %1: %2 -&gt; %3%4</translation>
    </message>
    <message>
        <source>Rejected rows:</source>
        <translation>Geweigerde regels:</translation>
    </message>
    <message>
        <source>  line %1: %2</source>
        <translation>  regel %1: %2</translation>
    </message>
    <message>
        <source>the file has no products</source>
        <translation>het bestand bevat geen producten</translation>
    </message>
    <message>
        <source>the file has no customers</source>
        <translation>het bestand bevat geen klanten</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, or allow more)</source>
        <translation>%1 van %2 regels (%3) zijn onbruikbaar en zouden verloren gaan (hooguit %4% mag; verbeter die regels of sta meer toe)</translation>
    </message>
    <message>
        <source>the catalog would shrink from %1 to %2 products</source>
        <translation>de catalogus zou krimpen van %1 naar %2 producten</translation>
    </message>
    <message>
        <source>the customer directory would shrink from %1 to %2 customers</source>
        <translation>de klantenlijst zou krimpen van %1 naar %2 klanten</translation>
    </message>
    <message>
        <source>%1 of %2 products would change price (%3; more than %4%)</source>
        <translation>bij %1 van %2 producten zou de prijs veranderen (%3; meer dan %4%)</translation>
    </message>
    <message>
        <source>%1 of %2 customers would change customer ID (%3; more than %4%)</source>
        <translation>bij %1 van %2 klanten zou het klantnummer veranderen (%3; meer dan %4%)</translation>
    </message>
    <message>
        <source>The proxy must be an http:// URL, like http://proxy.example:3128 (not %1).</source>
        <translation>De proxy moet een http://-adres zijn, zoals http://proxy.example:3128 (niet %1).</translation>
    </message>
    <message>
        <source>The proxy needs a host and a port, like http://proxy.example:3128 (not %1).</source>
        <translation>De proxy heeft een host en een poort nodig, zoals http://proxy.example:3128 (niet %1).</translation>
    </message>
    <message>
        <source>The proxy is only http://host:port, with no path after it (not %1).</source>
        <translation>De proxy is alleen http://host:poort, zonder pad erachter (niet %1).</translation>
    </message>
    <message>
        <source>The proxy in the environment cannot be used: %1</source>
        <translation>De proxy uit de omgeving is niet bruikbaar: %1</translation>
    </message>
    <message>
        <source>certificates must be system (the trust store of this computer) or bundled (the list that ships with posapp).</source>
        <translation>certificates moet system zijn (de certificaatopslag van deze computer) of bundled (de lijst die bij posapp hoort).</translation>
    </message>
    <message>
        <source>The CA file&apos;s name cannot be printed; type the path again.</source>
        <translation>De naam van het CA-bestand bevat niet-afdrukbare tekens; typ het pad opnieuw.</translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>Het CA-bestand %1 bestaat niet.</translation>
    </message>
    <message>
        <source>The CA file %1 is a folder, not a file.</source>
        <translation>Het CA-bestand %1 is een map, geen bestand.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2).</source>
        <translation>Het CA-bestand %1 kan niet worden gelezen (%2).</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----).</source>
        <translation>Het CA-bestand %1 bevat geen PEM-certificaten (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The CA file %1 is damaged: its PEM certificates cannot be read.</source>
        <translation>Het CA-bestand %1 is beschadigd: de PEM-certificaten kunnen niet worden gelezen.</translation>
    </message>
    <message>
        <source>needs refCode, name and price</source>
        <translation>heeft refCode, naam en prijs nodig</translation>
    </message>
    <message>
        <source>needs card (or email) and customerId</source>
        <translation>heeft klantenkaart (of e-mail) en customerId nodig</translation>
    </message>
    <message>
        <source>barcode %1 must be digits (EAN)</source>
        <translation>streepjescode %1 moet uit cijfers bestaan (EAN)</translation>
    </message>
    <message>
        <source>refCode %1 appears twice (first on line %2)</source>
        <translation>refCode %1 komt twee keer voor (eerst op regel %2)</translation>
    </message>
    <message>
        <source>barcode %1 appears twice (first on line %2)</source>
        <translation>streepjescode %1 komt twee keer voor (eerst op regel %2)</translation>
    </message>
    <message>
        <source>%1 %2 appears twice (first on line %3)</source>
        <translation>%1 %2 komt twee keer voor (eerst op regel %3)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Klantenkaart</translation>
    </message>
    <message>
        <source>refCode</source>
        <translation>refCode</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Streepjescode</translation>
    </message>
</context>
</TS>
