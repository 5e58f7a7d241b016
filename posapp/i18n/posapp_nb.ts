<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation>endre innstillingene</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Innstillinger</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Lagrer innstillingene…</translation>
    </message>
    <message>
        <source>replace the %1</source>
        <translation>erstatte %1</translation>
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
        <translation>kunderegisteret</translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation>gjenopprette forrige versjon av %1</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Gjenopprett</translation>
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
        <translation>Admin-PIN for å %1:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Feil PIN.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation>For mange feil PIN: prøv igjen om %1 s.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation>Mangler fortsatt: %1.</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Lagrer innstillingene…</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation>Siste ordre</translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation>Klar for første kunde</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Vare</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Antall</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Stykkpris</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Beløp</translation>
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
        <translation>Fullfør  (F12)</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Handlekurv</translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation>Totalt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Fullfør salget</translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation>Linjene i salget. F2 endrer antallet på valgt linje, F3 prisen, Ctrl+Del fjerner den</translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation>Lagre salget og send ordren, og start så neste salg (F12)</translation>
    </message>
    <message>
        <source>The catalog cannot be used; type the price of %1. Tell the manager: %2</source>
        <translation>Katalogen kan ikke brukes; skriv inn prisen for %1. Si fra til lederen: %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Lagt til: %1</translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation>Venter på prisen for %1.</translation>
    </message>
    <message>
        <source>The catalog cannot be used; tell the manager: %1</source>
        <translation>Katalogen kan ikke brukes; si fra til lederen: %1</translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation>Ukjent vare %1: den finnes ikke i katalogen. Sjekk koden eller tilkall lederen.</translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation>Ikke lagt til: %1 (ingen pris ble skrevet inn).</translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation>Selge %1 for %2? Det er uvanlig for denne butikken.</translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation>Sjekk prisen</translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation>selge for %1</translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation>Prisen for %1 ble ikke endret.</translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation>Prisen for %1 er endret (merket ✎ i handlekurven).</translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation>Handlekurven er tom.</translation>
    </message>
    <message>
        <source>change a price</source>
        <translation>endre en pris</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>Fjernet: %1</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Tøm handlekurven</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>Fjerne %n linje fra handlekurven?</numerusform>
            <numerusform>Fjerne alle %n linjer fra handlekurven?</numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation>Handlekurven er tømt.</translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>Totalt %1   (%n vare)</numerusform>
            <numerusform>Totalt %1   (%n varer)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln products</source>
        <translation>
            <numerusform>%Ln vare</numerusform>
            <numerusform>%Ln varer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln kunde</numerusform>
            <numerusform>%Ln kunder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) rejected</source>
        <translation>
            <numerusform>%Ln rad avvist</numerusform>
            <numerusform>%Ln rader avvist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... og %Ln til</numerusform>
            <numerusform>  ... og %Ln til</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>den %Ln raden kan ikke brukes</numerusform>
            <numerusform>ingen av de %Ln radene kan brukes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation>Skann kort eller skriv ID</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Kundekort eller kunde-ID</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>No customer (F8)</source>
        <translation>Ingen kunde (F8)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Kunde:</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>valgfritt</translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation>Skann kundekortet eller skriv kunde-ID, og trykk så Enter</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ingen kunde</translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation>Send ordren uten kunde (F8)</translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation>Valgfri kundeopplysning avtalt med leverandøren</translation>
    </message>
    <message>
        <source>The customer directory cannot be used; tell the manager: %1</source>
        <translation>Kunderegisteret kan ikke brukes; si fra til lederen: %1</translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation>Ingen kunde: ordren sendes uten kunde</translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation>%1: finnes ikke i kunderegisteret; sendes som skrevet. F8: ingen kunde.</translation>
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
        <translation>Slå av endepunktet</translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation>Demo: endepunktet er nede. Fullfør et salg for å se det lagt i kø.</translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation>Demo: endepunktet er tilbake. Ordrer i kø sendes av seg selv.</translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation>Avvis neste ordre (HTTP 400)</translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation>Avvis påloggingen neste gang (HTTP 401)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation>Leser %1…</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Ingenting ble endret.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importerer %1…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>%n rad importert…</numerusform>
            <numerusform>%n rader importert…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation>%1 erstattet: %2 %3 fra %4 (%5 lagt til, %6 fjernet, %7 endret); den forrige beholdes.</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Ingenting ble endret: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Importen mislyktes</translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation>, fra %1</translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation>Det finnes ingen tidligere versjon av %1 å gjenopprette.</translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation>Hente tilbake forrige versjon av %1 (%2)? Den nåværende beholdes, så du kan bytte tilbake.</translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation>Forrige versjon av %1 er tilbake (%2).</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Gjenopprettingen mislyktes</translation>
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
        <translation>Import: hva som ville blitt endret</translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation>Ja, erstatt likevel: %1</translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation>Erstatt %1</translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation>Denne filen kan ikke erstatte %1: %2.</translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation>Sjekk endringene over før du erstatter listen.</translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation>Ingenting er endret ennå. Nåværende versjon av %1 beholdes og kan gjenopprettes fra Admin-menyen.</translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation>Hva filen ville endret</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation>De største prisendringene og radene som ikke kan brukes, med linjenummer</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Vurdering</translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation>Erstatt likevel</translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation>Erstatt listen</translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation>Importer filen; den nåværende listen beholdes og kan gjenopprettes</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>Ikke endre noe</translation>
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
        <translation>kunderegisteret</translation>
    </message>
    <message>
        <source>products</source>
        <translation>varer</translation>
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
        <translation>Skriv først prisen for %1, eller trykk Esc for å hoppe over den.</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>IKKE LAGRET: %1</translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation>Sender ventende ordrer nå.</translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>Avslutte med %n linje i handlekurven? Den kommer tilbake når posapp starter igjen.</numerusform>
            <numerusform>Avslutte med %n linjer i handlekurven? De kommer tilbake når posapp starter igjen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>Avslutte med %n linje i handlekurven? Den går tapt.</numerusform>
            <numerusform>Avslutte med %n linjer i handlekurven? De går tapt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avslutt</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>avslutte</translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation>Innstillingene er lagret; de gjelder fra nå av.</translation>
    </message>
    <message>
        <source>posapp: till %1</source>
        <translation>posapp: kasse %1</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Order</source>
        <translation>Ordre</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Totalt</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Opprettet</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sendt</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Forsøk</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>Årsak / siste feil</translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation> (kanskje duplikat)</translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message>
        <source>price for one</source>
        <translation>pris for én</translation>
    </message>
    <message>
        <source>Price of the unknown item</source>
        <translation>Pris for den ukjente varen</translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation>Hopp over (Esc)</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Ukjent vare</translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation>Skriv stykkprisen for den ukjente varen, så Enter; Esc hopper over den</translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation>Hopp over den ukjente varen</translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation>Den ukjente varen legges ikke i handlekurven (Esc)</translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation>%1 finnes ikke i katalogen: skriv stykkprisen, så Enter.</translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>%n ukjent vare til venter etter den.</numerusform>
            <numerusform>%n ukjente varer til venter etter den.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Order queue</source>
        <translation>Ordrekø</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ventende</translation>
    </message>
    <message>
        <source>Parked: need attention</source>
        <translation>Parkert: trenger tiltak</translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation>Sendt i dag</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Send valgte på nytt</translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation>Send alle parkerte</translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation>Eksporter parkerte…</translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation>Send nå</translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation>Eksporter dagen (CSV)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Lukk</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Ventende ordrer</translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation>Ordrer som venter på å bli sendt</translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation>Parkerte ordrer</translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation>Ordrer som endepunktet avviste, med årsak; velg en for å sende den på nytt</translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation>Ordrer sendt i dag</translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation>Dagens ordrer som endepunktet tok imot</translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation>Dagens oppsummering</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation>Send de valgte parkerte ordrene på nytt</translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation>Send alle parkerte ordrer på nytt</translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation>Eksporter parkerte</translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation>Lagre de parkerte ordrene i en fil til brukerstøtten</translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation>Prøv alle ventende ordrer nå</translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation>Eksporter dagen</translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation>Lagre dagens ordrer som en CSV-fil til dagsoppgjøret</translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation>Lukk køen</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>I dag: %n ordre sendt (%1). Ventende: %2. Parkert: %3.</numerusform>
            <numerusform>I dag: %n ordrer sendt (%1). Ventende: %2. Parkert: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation>sende parkerte ordrer på nytt</translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation>Velg en parkert ordre først.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n ordre tilbake i køen.</numerusform>
            <numerusform>%n ordrer tilbake i køen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation>Prøver alle ventende ordrer nå.</translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation>eksportere parkerte ordrer</translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation>Eksporter parkerte ordrer</translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n parkert ordre lagret i %1</numerusform>
            <numerusform>%n parkerte ordrer lagret i %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Eksporterer…</translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation>Eksporter dagens oppsummering</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n ordre lagret i %1</numerusform>
            <numerusform>%n ordrer lagret i %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>Det uferdige salget er tilbake: %n linje. Fortsett, eller tøm handlekurven.</numerusform>
            <numerusform>Det uferdige salget er tilbake: %n linjer. Fortsett, eller tøm handlekurven.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation>Skann en vare eller skriv en kode (3*KODE for tre), så Enter</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Varekode</translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation>Skann en vare, eller skriv koden og trykk Enter; 3*KODE legger til tre</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation>Skannet %1: legges i handlekurven når dette vinduet lukkes.</translation>
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
        <translation>Sett opp denne kassen</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Kasseinnstillinger</translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation>site-token fra leverandøren</translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation>la stå tomt for å beholde lagret token</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>4 til 12 sifre</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>la stå tomt for å beholde PIN-koden</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Nettverk</translation>
    </message>
    <message>
        <source>Site token</source>
        <translation>Site-token</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>Admin-PIN</translation>
    </message>
    <message>
        <source>Admin PIN again</source>
        <translation>Admin-PIN igjen</translation>
    </message>
    <message>
        <source>The site token from the vendor; it is kept in the system&apos;s keyring</source>
        <translation>Site-token fra leverandøren; lagres i systemets nøkkelring</translation>
    </message>
    <message>
        <source>The PIN a manager types to change settings, prices and parked orders</source>
        <translation>PIN-koden en leder skriver for å endre innstillinger, priser og parkerte ordrer</translation>
    </message>
    <message>
        <source>The same PIN again, to be sure</source>
        <translation>Den samme PIN-koden igjen, for sikkerhets skyld</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Test tilkoblingen</translation>
    </message>
    <message>
        <source>Ask the endpoint whether it takes these settings and the site token</source>
        <translation>Spør endepunktet om det godtar disse innstillingene og site-token</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
    <message>
        <source>Check the settings and use them from now on</source>
        <translation>Kontroller innstillingene og bruk dem fra nå av</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Lukk uten å endre noe</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Tilkoblingstest</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation>Låst av administratoren i %1; kan bare endres der.</translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation>satt for denne maskinen av administratoren</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Sjekker nøkkelringen…</translation>
    </message>
    <message>
        <source>No usable keyring was found on this machine (a headless kiosk usually has none). Either give the token as the systemd credential %1 (LoadCredential=), or in the environment variable %2, or run a keyring daemon such as gnome-keyring in the session.</source>
        <translation>Fant ingen brukbar nøkkelring på denne maskinen (en kiosk uten skjerm har som regel ingen). Oppgi tokenet som systemd-credential %1 (LoadCredential=), eller i miljøvariabelen %2, eller kjør en nøkkelringtjeneste som gnome-keyring i økten.</translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation>Kreves før kassen kan sende ordrer.</translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation>Site-token kreves (eller sett POSAPP_SITE_TOKEN).</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>De to PIN-kodene er ulike.</translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation>Skriv inn site-token først.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Sjekker…</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Miljø</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>Site-kode</translation>
    </message>
    <message>
        <source>Production domain</source>
        <translation>Produksjonsdomene</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>Endepunktets URL</translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation>valgfritt: en eksplisitt URL, overstyrer de tre over</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>optional: http://proxy.example:3128</source>
        <translation>valgfritt: http://proxy.example:3128</translation>
    </message>
    <message>
        <source>Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)</source>
        <translation>Bruk proxy fra miljøet (HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>Klarerte sertifikater</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>Firmaets CA-fil</translation>
    </message>
    <message>
        <source>optional: a .pem file, if your network inspects HTTPS</source>
        <translation>valgfritt: en .pem-fil, hvis nettverket inspiserer HTTPS</translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation>Kasse-ID</translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation>for eksempel REGENT-01, ulik på hver kasse</translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation>Butikkopplysninger (navn = verdi)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Valuta</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ordrenes språk</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Kassens språk</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Kundeopplysninger</translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation>felt avtalt med leverandøren, f.eks. gender, diet</translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation>Kasserere kan selge varer utenfor katalogen</translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation>Kioskmodus: fullskjerm, lukking krever admin-PIN</translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation>Prisendring krever admin-PIN</translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation>Største antall per linje</translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation>Største linjebeløp</translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation>Bekreft prisendringer over</translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation>Import: maks avviste rader (%)</translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation>Import: maks endrede priser uten å spørre (%)</translation>
    </message>
    <message>
        <source>uat or production</source>
        <translation>uat eller production</translation>
    </message>
    <message>
        <source>the site code the vendor gave you</source>
        <translation>site-koden du fikk fra leverandøren</translation>
    </message>
    <message>
        <source>peerius.com or peerius.episerver.net</source>
        <translation>peerius.com eller peerius.episerver.net</translation>
    </message>
    <message>
        <source>an explicit URL; overrides the three above</source>
        <translation>en eksplisitt URL; overstyrer de tre over</translation>
    </message>
    <message>
        <source>an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none</source>
        <translation>en http://-proxy (host:port, ev. user:password@) for endepunktet; tomt: ingen</translation>
    </message>
    <message>
        <source>use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)</source>
        <translation>bruk HTTPS_PROXY, ALL_PROXY og NO_PROXY fra miljøet (proxy-innstillingen går foran)</translation>
    </message>
    <message>
        <source>which certificate authorities to trust: system (this computer&apos;s) or bundled (posapp&apos;s)</source>
        <translation>hvilke sertifikatutstedere som klareres: system (denne datamaskinens) eller bundled (posapps egne)</translation>
    </message>
    <message>
        <source>a PEM file of extra certificate authorities (your company CA), trusted as well</source>
        <translation>en PEM-fil med ekstra sertifikatutstedere (firmaets CA), som også klareres</translation>
    </message>
    <message>
        <source>different on every till; starts each order number</source>
        <translation>ulik på hver kasse; innleder hvert ordrenummer</translation>
    </message>
    <message>
        <source>sent with every order as order.attributes</source>
        <translation>sendes med hver ordre som order.attributes</translation>
    </message>
    <message>
        <source>a three-letter ISO 4217 code</source>
        <translation>en ISO 4217-kode på tre bokstaver</translation>
    </message>
    <message>
        <source>the orders&apos; language, like en-gb</source>
        <translation>ordrenes språk, f.eks. en-gb</translation>
    </message>
    <message>
        <source>the window&apos;s language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine&apos;s)</source>
        <translation>kassens språk: system, en, de, fr, nl, sv, da, nb, fi, es (system: maskinens)</translation>
    </message>
    <message>
        <source>customer details agreed with the vendor</source>
        <translation>kundeopplysninger avtalt med leverandøren</translation>
    </message>
    <message>
        <source>may the cashier sell an item that is not in the catalog, at a typed price</source>
        <translation>om kassereren kan selge en vare som ikke finnes i katalogen, til en innskrevet pris</translation>
    </message>
    <message>
        <source>full screen; closing needs the admin PIN</source>
        <translation>fullskjerm; lukking krever admin-PIN</translation>
    </message>
    <message>
        <source>a price override needs the admin PIN</source>
        <translation>prisendring krever admin-PIN</translation>
    </message>
    <message>
        <source>the largest quantity one line may have</source>
        <translation>største antall én linje kan ha</translation>
    </message>
    <message>
        <source>the largest total one line may have, in the till&apos;s currency</source>
        <translation>største beløp én linje kan ha, i kassens valuta</translation>
    </message>
    <message>
        <source>a price changed to 0 or to more than this asks for the PIN and a confirmation</source>
        <translation>en pris endret til 0 eller til mer enn dette krever PIN-kode og bekreftelse</translation>
    </message>
    <message>
        <source>an import that rejects more than this share of its rows (percent) changes nothing</source>
        <translation>en import som avviser mer enn denne andelen av radene (prosent), endrer ingenting</translation>
    </message>
    <message>
        <source>an import changing the price of more than this share of products (percent) asks first</source>
        <translation>en import som endrer prisen på mer enn denne andelen av varene (prosent), spør først</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Hurtigtaster</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Kommando</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Taster</translation>
    </message>
    <message>
        <source>Every command of the till and its keys</source>
        <translation>Alle kassens kommandoer og tastene deres</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Lukk</translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation>Lukk listen over hurtigtaster</translation>
    </message>
</context>
<context>
    <name>TillMenus</name>
    <message>
        <source>&amp;Sale</source>
        <translation>&amp;Salg</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Fullfør salget</translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation>Til skannefeltet</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Kundekort eller kunde-ID</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ingen kunde</translation>
    </message>
    <message>
        <source>Change quantity of the selected line</source>
        <translation>Endre antall på valgt linje</translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation>Endre pris på valgt linje</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Fjern valgt linje</translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation>Tøm handlekurven…</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Kø</translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation>Åpne ordrekøen</translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation>Send ventende ordrer nå</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Innstillinger…</translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation>Erstatt katalogen fra en CSV-fil…</translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation>Erstatt kunderegisteret fra en CSV-fil…</translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation>Gjenopprett forrige katalog…</translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation>Gjenopprett forrige kunderegister…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avslutt</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjelp</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Hurtigtaster</translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation>Endepunkt: tilgjengelig</translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation>Endepunkt: FRAKOBLET, ordrer legges i kø</translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation>Endepunkt: PÅLOGGING AVVIST, tilkall lederen</translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation>Sending PAUSET, ordrer legges i kø: %1</translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation>I kø her, sendes ikke fra dette vinduet: %1</translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation>Endepunkt: ingen ordre sendt ennå</translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation>%1 i kø: %2</translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation>%1 i kø: sendingen er satt på pause (se statuslinjen). Tilkall lederen.</translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation>Sender %1 (%2)…</translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation>I kø (frakoblet) %1: sendes av seg selv</translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation>Nytt salg: skann neste vare, F12 fullfører.</translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation>Sendt %1 (%2)</translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation>Ikke godtatt av leverandøren: %1. Salget beholdes; en leder kan se hvorfor i køen (F9).</translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation>%1 i kø: endepunktet avviste påloggingen vår. Tilkall lederen.</translation>
    </message>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation>
            <numerusform>Ventende: %n</numerusform>
            <numerusform>Ventende: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation>
            <numerusform>Parkert: %n</numerusform>
            <numerusform>Parkert: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation>Sist sendte ordre</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation>Ordrer som endepunktet avviste. Åpner køen på dem (F9)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endepunkt</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Ventende ordrer</translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation>Parkerte ordrer: åpne køen</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation>Ordrer som endepunktet avviste. Klikk for å se hvorfor (F9).</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ingen ennå</translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation>Sist sendt: %1</translation>
    </message>
    <message>
        <source>The outbox was lost or emptied on %1: orders from before may be missing; tell IT</source>
        <translation>Utboksen gikk tapt eller ble tømt den %1: eldre ordrer kan mangle; si fra til IT</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Till ID must be 1 to %1 letters or digits, dashes allowed inside (for example REGENT-01), and different on every till.</source>
        <translation>Kasse-ID må være 1 til %1 bokstaver eller sifre, bindestrek bare inni (for eksempel REGENT-01), og ulik på hver kasse.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation>%1 %2 har for mange desimaler: %3 tillater høyst %4.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation>%1 %2 har for mange desimaler: %3 tillater ingen desimaler.</translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation>%1 %2 er ikke et beløp; skriv det som 12.50.</translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation>%1 %2 er for lang: høyst %3 tegn.</translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation>%1 kan ikke være negativ.</translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation>%1 inneholder et usynlig eller retningsendrende tegn (%2, %3)%4.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation>%1 inneholder tegn som ikke kan skrives ut (%2)%3.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation>%1 inneholder tegn som ikke kan skrives ut%2.</translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation>%1 er tom%2.</translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation>%1 mangler; skann eller skriv koden.</translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation>%1 er ikke en kunde-ID: bruk bokstaver, sifre, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; eller &apos;-&apos; (høyst %2).</translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation>%1 er ikke et tall en kasse kan bruke (for mange sifre eller en enorm eksponent).</translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation>%1 er ikke gyldig Unicode-tekst (et enslig surrogat %2)%3.</translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation>%1 er for stor for en kasse; sjekk beløpet.</translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation>%1 må være et beløp, f.eks. 12.50.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 må være tekst.</translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation>Valutaen %1 kjenner ikke kassen: bruk en ISO 4217-kode på tre bokstaver, som GBP, EUR eller USD.</translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation>Kunde-ID er tom; skann kundekortet eller skriv ID-en.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Linje %1: %2</translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation>Ingenting ble skannet; skann eller skriv en varekode.</translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation>Antallet er over %1; sjekk tallet.</translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation>Antallet må være et helt antall varer, f.eks. 1 eller 3.</translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation>Antallet må være minst 1; fjern linjen i stedet.</translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation>Antallet ville blitt %1, mer enn %2; sjekk tallet.</translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation>Den linjen er ikke lenger i handlekurven.</translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation>Det ser ut som en e-postadresse. E-post sendes aldri: skann kundekortet eller skriv kunde-ID i stedet.</translation>
    </message>
    <message>
        <source>Write the quantity before the *, as in 3*CODE.</source>
        <translation>Skriv antallet før *, som i 3*KODE.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prisen</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Antallet</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Varekoden</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Navnet</translation>
    </message>
    <message>
        <source>Customer detail name</source>
        <translation>Navnet på kundeopplysningen</translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation>; skann eller skriv koden</translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation> (en skannerfeil?); skann på nytt</translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation>pålogging avvist: endepunktet avviste site eller site-token</translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation>ingen site-token satt</translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation>satt på pause av operatøren</translation>
    </message>
    <message>
        <source>another posapp (process %1) is already delivering from this outbox; orders stay queued and that one will send them</source>
        <translation>en annen posapp (prosess %1) sender allerede fra denne køen; ordrene blir liggende i køen, og den sender dem</translation>
    </message>
    <message>
        <source>the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: the orders stay queued; tell IT</source>
        <translation>sendelåsen %1 kan ikke brukes (%2); inntil da sender denne kassen ingenting: ordrene blir liggende i køen; kontakt IT</translation>
    </message>
    <message>
        <source>The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops.</source>
        <translation>Det pågående salget kan ikke lagres i %1 (%2); det går tapt hvis posapp stopper.</translation>
    </message>
    <message>
        <source>The outbox %1 cannot be used: %2 (%3); %4.</source>
        <translation>Køen %1 kan ikke brukes: %2 (%3); %4.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is almost full: the sale is not taken; tell IT (%1 MB free).</source>
        <translation>Kassens disk er nesten full: salget blir ikke tatt imot; kontakt IT (%1 MB ledig).</translation>
    </message>
    <message>
        <source>tell IT to check the disk; keep the file, never delete it</source>
        <translation>be IT kontrollere disken; behold filen, slett den aldri</translation>
    </message>
    <message>
        <source>the orders already in it are safe and stay queued; tell IT</source>
        <translation>ordrene i den er trygge og blir liggende i køen; kontakt IT</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>disken er full</translation>
    </message>
    <message>
        <source>the profile is read-only</source>
        <translation>profilen er skrivebeskyttet</translation>
    </message>
    <message>
        <source>the disk failed to read or write (input/output error)</source>
        <translation>disken kunne ikke lese eller skrive (inn-/utdatafeil)</translation>
    </message>
    <message>
        <source>it cannot be opened (is something else where the file or its folder belongs?)</source>
        <translation>den kan ikke åpnes (ligger det noe annet der filen eller mappen dens hører hjemme?)</translation>
    </message>
    <message>
        <source>The endpoint refused the site code or the site token: check both.</source>
        <translation>Endepunktet avviste site-koden eller site-token: kontroller begge.</translation>
    </message>
    <message>
        <source>Connected: the site and token were accepted. The endpoint refused the empty test order, as it should, so nothing was recorded.</source>
        <translation>Tilkoblet: site og token ble godtatt. Endepunktet avviste den tomme testordren, slik det skal, så ingenting ble registrert.</translation>
    </message>
    <message>
        <source>Connected, but the endpoint accepted an empty order; tell the vendor.</source>
        <translation>Tilkoblet, men endepunktet tok imot en tom ordre; si fra til leverandøren.</translation>
    </message>
    <message>
        <source>No answer from the endpoint (%1). Check the network, the environment and the site name or endpoint URL.</source>
        <translation>Ikke noe svar fra endepunktet (%1). Kontroller nettverket, miljøet og site-navnet eller endepunktets URL.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not trusted by this till: if your network inspects HTTPS, add your company CA file in Settings &gt; Network</source>
        <translation>Endepunktets sertifikat er ikke klarert av denne kassen: hvis nettverket deres inspiserer HTTPS, legg til firmaets CA-fil under Innstillinger &gt; Nettverk</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) has expired; if the date on this till is wrong, correct it, otherwise tell the vendor</source>
        <translation>Endepunktets sertifikat (%1) er utløpt; hvis datoen på denne kassen er feil, rett den, ellers si fra til leverandøren</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) is not valid yet: check the date and time on this till</source>
        <translation>Endepunktets sertifikat (%1) er ikke gyldig ennå: kontroller dato og klokkeslett på denne kassen</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not for %1: check the endpoint URL, or whether your network sends HTTPS elsewhere</source>
        <translation>Endepunktets sertifikat gjelder ikke for %1: kontroller endepunktets URL, eller om nettverket deres sender HTTPS et annet sted</translation>
    </message>
    <message>
        <source>The proxy at %1 did not answer: check the proxy setting and the network</source>
        <translation>Proxyen på %1 svarte ikke: kontroller proxyinnstillingen og nettverket</translation>
    </message>
    <message>
        <source>The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)</source>
        <translation>Proxyen på %1 avviste brukernavnet og passordet i proxyinnstillingen (HTTP 407)</translation>
    </message>
    <message>
        <source>The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as http://user:password@host:port</source>
        <translation>Proxyen på %1 krever brukernavn og passord (HTTP 407): angi proxyen som http://user:password@host:port</translation>
    </message>
    <message>
        <source>The proxy at %1 would not connect to the endpoint (HTTP %2)</source>
        <translation>Proxyen på %1 ville ikke koble til endepunktet (HTTP %2)</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>levert</translation>
    </message>
    <message>
        <source>delivered with warnings</source>
        <translation>levert med advarsler</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>avvist</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>pålogging avvist</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>midlertidig feil</translation>
    </message>
    <message>
        <source>unknown outcome</source>
        <translation>ukjent resultat</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>retry after %1 s</source>
        <translation>nytt forsøk om %1 s</translation>
    </message>
    <message>
        <source>%1 in %2: %3 added, %4 removed, %5; %6 (%7)</source>
        <translation>%1 i %2: %3 lagt til, %4 fjernet, %5; %6 (%7)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 with a new price</source>
        <translation>%1 med ny pris</translation>
    </message>
    <message>
        <source>%1 with a new customer ID</source>
        <translation>%1 med ny kunde-ID</translation>
    </message>
    <message>
        <source>%1 with a new %2</source>
        <translation>%1 med ny verdi for %2</translation>
    </message>
    <message>
        <source>the catalog has %1 now</source>
        <translation>katalogen har %1 nå</translation>
    </message>
    <message>
        <source>the customer directory has %1 now</source>
        <translation>kunderegisteret har %1 nå</translation>
    </message>
    <message>
        <source>the %1 has %2 now</source>
        <translation>%1 har %2 nå</translation>
    </message>
    <message>
        <source>Largest price changes:</source>
        <translation>Største prisendringer:</translation>
    </message>
    <message>
        <source>Largest customer ID changes:</source>
        <translation>Største endringer av kunde-ID:</translation>
    </message>
    <message>
        <source>Largest %1 changes:</source>
        <translation>Største endringer av %1:</translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3%4</source>
        <translation>  %1: %2 -&gt; %3%4</translation>
    </message>
    <message>
        <source>Rejected rows:</source>
        <translation>Avviste rader:</translation>
    </message>
    <message>
        <source>  line %1: %2</source>
        <translation>  linje %1: %2</translation>
    </message>
    <message>
        <source>the file has no products</source>
        <translation>filen inneholder ingen varer</translation>
    </message>
    <message>
        <source>the file has no customers</source>
        <translation>filen inneholder ingen kunder</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, or allow more)</source>
        <translation>%1 av %2 rader (%3) kan ikke brukes og ville gå tapt (høyst %4 % kan det; rett de radene, eller tillat flere)</translation>
    </message>
    <message>
        <source>the catalog would shrink from %1 to %2 products</source>
        <translation>katalogen ville krympe fra %1 til %2 varer</translation>
    </message>
    <message>
        <source>the customer directory would shrink from %1 to %2 customers</source>
        <translation>kunderegisteret ville krympe fra %1 til %2 kunder</translation>
    </message>
    <message>
        <source>%1 of %2 products would change price (%3; more than %4%)</source>
        <translation>%1 av %2 varer ville få ny pris (%3; mer enn %4 %)</translation>
    </message>
    <message>
        <source>%1 of %2 customers would change customer ID (%3; more than %4%)</source>
        <translation>%1 av %2 kunder ville få ny kunde-ID (%3; mer enn %4 %)</translation>
    </message>
    <message>
        <source>The proxy must be an http:// URL, like http://proxy.example:3128 (not %1).</source>
        <translation>Proxyen må være en http://-adresse, som http://proxy.example:3128 (ikke %1).</translation>
    </message>
    <message>
        <source>The proxy needs a host and a port, like http://proxy.example:3128 (not %1).</source>
        <translation>Proxyen må ha en vert og en port, som http://proxy.example:3128 (ikke %1).</translation>
    </message>
    <message>
        <source>The proxy is only http://host:port, with no path after it (not %1).</source>
        <translation>Proxyen er bare http://vert:port, uten sti etter (ikke %1).</translation>
    </message>
    <message>
        <source>The proxy in the environment cannot be used: %1</source>
        <translation>Proxyen i miljøet kan ikke brukes: %1</translation>
    </message>
    <message>
        <source>certificates must be system (the trust store of this computer) or bundled (the list that ships with posapp).</source>
        <translation>certificates må være system (datamaskinens sertifikatlager) eller bundled (listen som følger med posapp).</translation>
    </message>
    <message>
        <source>The CA file&apos;s name cannot be printed; type the path again.</source>
        <translation>CA-filens navn inneholder tegn som ikke kan skrives ut; skriv stien på nytt.</translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>CA-filen %1 finnes ikke.</translation>
    </message>
    <message>
        <source>The CA file %1 is a folder, not a file.</source>
        <translation>CA-filen %1 er en mappe, ikke en fil.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2).</source>
        <translation>CA-filen %1 kan ikke leses (%2).</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----).</source>
        <translation>CA-filen %1 inneholder ingen PEM-sertifikater (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The CA file %1 is damaged: its PEM certificates cannot be read.</source>
        <translation>CA-filen %1 er skadet: PEM-sertifikatene kan ikke leses.</translation>
    </message>
    <message>
        <source>needs refCode, name and price</source>
        <translation>må ha refCode, navn og pris</translation>
    </message>
    <message>
        <source>needs card (or email) and customerId</source>
        <translation>må ha kundekort (eller e-post) og customerId</translation>
    </message>
    <message>
        <source>barcode %1 must be digits (EAN)</source>
        <translation>strekkoden %1 må være sifre (EAN)</translation>
    </message>
    <message>
        <source>refCode %1 appears twice (first on line %2)</source>
        <translation>refCode %1 står der to ganger (første gang på linje %2)</translation>
    </message>
    <message>
        <source>barcode %1 appears twice (first on line %2)</source>
        <translation>strekkoden %1 står der to ganger (første gang på linje %2)</translation>
    </message>
    <message>
        <source>%1 %2 appears twice (first on line %3)</source>
        <translation>%1 %2 står der to ganger (første gang på linje %3)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kundekortet</translation>
    </message>
    <message>
        <source>refCode</source>
        <translation>refCode</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Strekkoden</translation>
    </message>
</context>
</TS>
