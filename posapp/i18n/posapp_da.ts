<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation>ændre indstillingerne</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Indstillinger</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Gemmer indstillingerne…</translation>
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
        <translation>kataloget</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>kunderegistret</translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation>gendanne den forrige version af %1</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Gendan</translation>
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
        <translation>Admin-PIN for at %1:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Forkert PIN.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation>For mange forkerte PIN: prøv igen om %1 s.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation>Mangler stadig: %1.</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Gemmer indstillingerne…</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation>Sidste ordre</translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation>Klar til første kunde</translation>
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
        <translation>Antal</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Stykpris</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Beløb</translation>
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
        <translation>Fuldfør  (F12)</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Kurv</translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation>I alt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Besked</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Fuldfør salget</translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation>Salgets linjer. F2 ændrer antallet på den valgte linje, F3 prisen, Ctrl+Del fjerner den</translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation>Gem salget, og send ordren, start derefter næste salg (F12)</translation>
    </message>
    <message>
        <source>The catalog cannot be used; type the price of %1. Tell the manager: %2</source>
        <translation>Kataloget kan ikke bruges; indtast prisen for %1. Sig det til lederen: %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Tilføjet: %1</translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation>Venter på prisen for %1.</translation>
    </message>
    <message>
        <source>The catalog cannot be used; tell the manager: %1</source>
        <translation>Kataloget kan ikke bruges; sig det til lederen: %1</translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation>Ukendt vare %1: den findes ikke i kataloget. Tjek koden, eller tilkald lederen.</translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation>Ikke tilføjet: %1 (ingen pris indtastet).</translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation>Sælge %1 til %2? Det er usædvanligt for denne butik.</translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation>Tjek prisen</translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation>sælge til %1</translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation>Prisen for %1 blev ikke ændret.</translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation>Prisen for %1 er ændret (markeret ✎ i kurven).</translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation>Kurven er tom.</translation>
    </message>
    <message>
        <source>change a price</source>
        <translation>ændre en pris</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>Fjernet: %1</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Tøm kurven</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>Fjern %n linje fra kurven?</numerusform>
            <numerusform>Fjern alle %n linjer fra kurven?</numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation>Kurven er tømt.</translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>I alt %1   (%n vare)</numerusform>
            <numerusform>I alt %1   (%n varer)</numerusform>
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
            <numerusform>%Ln række afvist</numerusform>
            <numerusform>%Ln rækker afvist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... og %Ln mere</numerusform>
            <numerusform>  ... og %Ln mere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>den %Ln række kan ikke bruges</numerusform>
            <numerusform>ingen af de %Ln rækker kan bruges</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation>Scan kort eller tast kunde-ID</translation>
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
        <translation>valgfrit</translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation>Scan et kundekort, eller skriv kunde-ID, og tryk derefter Enter</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ingen kunde</translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation>Send ordren uden kunde (F8)</translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation>Valgfri kundeoplysning aftalt med leverandøren</translation>
    </message>
    <message>
        <source>The customer directory cannot be used; tell the manager: %1</source>
        <translation>Kundekartoteket kan ikke bruges; sig det til lederen: %1</translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation>Ingen kunde: ordren sendes uden kunde</translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation>%1: findes ikke i kunderegistret; sendes som skrevet. F8: ingen kunde.</translation>
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
        <translation>Luk slutpunktet ned</translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation>Demo: slutpunktet er nede. Fuldfør et salg for at se det sat i kø.</translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation>Demo: slutpunktet er tilbage. Ordrer i kø sendes af sig selv.</translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation>Afvis næste ordre (HTTP 400)</translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation>Afvis loginoplysningerne næste gang (HTTP 401)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation>Læser %1…</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Intet blev ændret.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importerer %1…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>%n række importeret…</numerusform>
            <numerusform>%n rækker importeret…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation>%1 erstattet: %2 %3 fra %4 (%5 tilføjet, %6 fjernet, %7 ændret); den forrige gemmes.</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Intet blev ændret: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Importen mislykkedes</translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation>, fra %1</translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation>Der er ingen tidligere version af %1 at gendanne.</translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation>Hente den forrige version af %1 tilbage (%2)? Den nuværende gemmes, så du kan skifte tilbage.</translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation>Den forrige version af %1 er tilbage (%2).</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Gendannelsen mislykkedes</translation>
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
        <translation>Import: hvad der ville blive ændret</translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation>Ja, erstat alligevel: %1</translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation>Erstat %1</translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation>Denne fil kan ikke erstatte %1: %2.</translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation>Tjek ændringerne ovenfor, før du erstatter listen.</translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation>Intet er ændret endnu. Den nuværende version af %1 gemmes og kan gendannes fra menuen Admin.</translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation>Hvad filen ville ændre</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation>De største prisændringer og de rækker, der ikke kan bruges, med deres linjenummer</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Vurdering</translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation>Erstat alligevel</translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation>Erstat listen</translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation>Importér filen; den nuværende liste gemmes og kan gendannes</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuller</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>Ændr intet</translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>catalog</source>
        <translation>kataloget</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>kunderegistret</translation>
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
        <translation>Skriv først prisen for %1, eller tryk Esc for at springe den over.</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>IKKE GEMT: %1</translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation>Sender ventende ordrer nu.</translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>Afslut med %n linje i kurven? Den kommer tilbage, når posapp starter igen.</numerusform>
            <numerusform>Afslut med %n linjer i kurven? De kommer tilbage, når posapp starter igen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>Afslut med %n linje i kurven? Den går tabt.</numerusform>
            <numerusform>Afslut med %n linjer i kurven? De går tabt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afslut</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>afslutte</translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation>Indstillingerne er gemt; de gælder fra nu af.</translation>
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
        <translation>I alt</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Oprettet</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sendt</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Forsøg</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>Årsag / seneste fejl</translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation> (måske dublet)</translation>
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
        <translation>Pris for den ukendte vare</translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation>Spring over (Esc)</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Ukendt vare</translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation>Skriv stykprisen for den ukendte vare, derefter Enter; Esc springer den over</translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation>Spring den ukendte vare over</translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation>Den ukendte vare lægges ikke i kurven (Esc)</translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation>%1 findes ikke i kataloget: skriv stykprisen, derefter Enter.</translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>%n ukendt vare mere venter efter den.</numerusform>
            <numerusform>%n ukendte varer mere venter efter den.</numerusform>
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
        <translation>Parkeret: kræver handling</translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation>Sendt i dag</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Send valgte igen</translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation>Send alle parkerede</translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation>Eksportér parkerede…</translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation>Send nu</translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation>Eksportér dagen (CSV)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Luk</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Ventende ordrer</translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation>Ordrer, der venter på at blive sendt</translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation>Parkerede ordrer</translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation>Ordrer, som slutpunktet afviste, med årsagen; vælg en for at sende den igen</translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation>Ordrer sendt i dag</translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation>Dagens ordrer, som slutpunktet modtog</translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation>Dagens oversigt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Besked</translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation>Send de valgte parkerede ordrer igen</translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation>Send alle parkerede ordrer igen</translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation>Eksportér parkerede</translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation>Gem de parkerede ordrer i en fil til support</translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation>Prøv alle ventende ordrer nu</translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation>Eksportér dagens oversigt</translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation>Gem dagens ordrer som en CSV-fil til dagsafslutningen</translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation>Luk køen</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>I dag: %n ordre sendt (%1). Ventende: %2. Parkeret: %3.</numerusform>
            <numerusform>I dag: %n ordrer sendt (%1). Ventende: %2. Parkeret: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation>sende parkerede ordrer igen</translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation>Vælg først en parkeret ordre.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n ordre tilbage i køen.</numerusform>
            <numerusform>%n ordrer tilbage i køen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation>Prøver alle ventende ordrer nu.</translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation>eksportere parkerede ordrer</translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation>Eksportér parkerede ordrer</translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n parkeret ordre gemt i %1</numerusform>
            <numerusform>%n parkerede ordrer gemt i %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Eksporterer…</translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation>Eksportér dagens oversigt</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n ordre gemt i %1</numerusform>
            <numerusform>%n ordrer gemt i %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>Det ufærdige salg er tilbage: %n linje. Fortsæt, eller tøm kurven.</numerusform>
            <numerusform>Det ufærdige salg er tilbage: %n linjer. Fortsæt, eller tøm kurven.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation>Scan en vare, eller skriv en kode (3*KODE for tre), derefter Enter</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Varekode</translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation>Scan en vare, eller skriv dens kode, og tryk Enter; 3*KODE tilføjer tre</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation>Scannet %1: lægges i kurven, når dette vindue lukkes.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>Systemets sprog</translation>
    </message>
    <message>
        <source>Set up this till</source>
        <translation>Opsæt denne kasse</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Kassens indstillinger</translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation>site-token fra leverandøren</translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation>lad stå tomt for at beholde det gemte token</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>4 til 12 cifre</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>lad stå tomt for at beholde PIN-koden</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netværk</translation>
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
        <translation>Admin-PIN igen</translation>
    </message>
    <message>
        <source>The site token from the vendor; it is kept in the system&apos;s keyring</source>
        <translation>Site-token fra leverandøren; det gemmes i systemets nøglering</translation>
    </message>
    <message>
        <source>The PIN a manager types to change settings, prices and parked orders</source>
        <translation>Den PIN-kode, en leder skriver for at ændre indstillinger, priser og parkerede ordrer</translation>
    </message>
    <message>
        <source>The same PIN again, to be sure</source>
        <translation>Samme PIN-kode igen, for en sikkerheds skyld</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Test forbindelsen</translation>
    </message>
    <message>
        <source>Ask the endpoint whether it takes these settings and the site token</source>
        <translation>Spørg slutpunktet, om det accepterer disse indstillinger og site-token</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Gem</translation>
    </message>
    <message>
        <source>Check the settings and use them from now on</source>
        <translation>Tjek indstillingerne, og brug dem fra nu af</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuller</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Luk uden at ændre noget</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Forbindelsestest</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation>Låst af administratoren i %1; kan kun ændres der.</translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation>sat for denne computer af administratoren</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Tjekker nøgleringen…</translation>
    </message>
    <message>
        <source>No usable keyring was found on this machine (a headless kiosk usually has none). Either give the token as the systemd credential %1 (LoadCredential=), or in the environment variable %2, or run a keyring daemon such as gnome-keyring in the session.</source>
        <translation>Der blev ikke fundet nogen brugbar nøglering på denne maskine (en kiosk uden skærm har som regel ingen). Angiv tokenet som systemd-credential %1 (LoadCredential=), eller i miljøvariablen %2, eller kør en nøgleringstjeneste som gnome-keyring i sessionen.</translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation>Kræves, før kassen kan sende ordrer.</translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation>Site-token kræves (eller sæt POSAPP_SITE_TOKEN).</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>De to PIN-koder er forskellige.</translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation>Skriv først site-token.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Tjekker…</translation>
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
        <translation>Produktionsdomæne</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>Slutpunktets URL</translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation>valgfrit: en eksplicit URL, erstatter de tre ovenfor</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>optional: http://proxy.example:3128</source>
        <translation>valgfrit: http://proxy.example:3128</translation>
    </message>
    <message>
        <source>Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)</source>
        <translation>Proxy fra miljøet (HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>Betroede certifikater</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>Virksomhedens CA-fil</translation>
    </message>
    <message>
        <source>optional: a .pem file, if your network inspects HTTPS</source>
        <translation>valgfrit: en .pem-fil, hvis dit netværk inspicerer HTTPS</translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation>Kasse-ID</translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation>for eksempel REGENT-01, forskellig på hver kasse</translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation>Butiksoplysninger (navn = værdi)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Valuta</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ordrernes sprog</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Kassens sprog</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Kundeoplysninger</translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation>felter aftalt med leverandøren, f.eks. gender, diet</translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation>Ekspedienter må sælge varer uden for kataloget</translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation>Kiosktilstand: fuld skærm, lukning kræver admin-PIN</translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation>Prisændring kræver admin-PIN</translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation>Største antal pr. linje</translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation>Største linjebeløb</translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation>Bekræft prisændringer over</translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation>Import: højst afviste rækker (%)</translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation>Import: højst ændrede priser uden at spørge (%)</translation>
    </message>
    <message>
        <source>uat or production</source>
        <translation>uat eller production</translation>
    </message>
    <message>
        <source>the site code the vendor gave you</source>
        <translation>site-koden, du fik af leverandøren</translation>
    </message>
    <message>
        <source>peerius.com or peerius.episerver.net</source>
        <translation>peerius.com eller peerius.episerver.net</translation>
    </message>
    <message>
        <source>an explicit URL; overrides the three above</source>
        <translation>en eksplicit URL; erstatter de tre ovenfor</translation>
    </message>
    <message>
        <source>an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none</source>
        <translation>en http://-proxy (host:port, evt. user:password@) til slutpunktet; tom: ingen</translation>
    </message>
    <message>
        <source>use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)</source>
        <translation>brug HTTPS_PROXY, ALL_PROXY og NO_PROXY fra miljøet (proxy-indstillingen har forrang)</translation>
    </message>
    <message>
        <source>which certificate authorities to trust: system (this computer&apos;s) or bundled (posapp&apos;s)</source>
        <translation>hvilke certifikatmyndigheder der stoles på: system (denne computers) eller bundled (posapps)</translation>
    </message>
    <message>
        <source>a PEM file of extra certificate authorities (your company CA), trusted as well</source>
        <translation>en PEM-fil med ekstra certifikatmyndigheder (virksomhedens CA), som der også stoles på</translation>
    </message>
    <message>
        <source>different on every till; starts each order number</source>
        <translation>forskellig på hver kasse; indleder hvert ordrenummer</translation>
    </message>
    <message>
        <source>sent with every order as order.attributes</source>
        <translation>sendes med hver ordre som order.attributes</translation>
    </message>
    <message>
        <source>a three-letter ISO 4217 code</source>
        <translation>en ISO 4217-kode på tre bogstaver</translation>
    </message>
    <message>
        <source>the orders&apos; language, like en-gb</source>
        <translation>ordrernes sprog, f.eks. en-gb</translation>
    </message>
    <message>
        <source>the window&apos;s language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine&apos;s)</source>
        <translation>kassens sprog: system, en, de, fr, nl, sv, da, nb, fi, es (system: computerens)</translation>
    </message>
    <message>
        <source>customer details agreed with the vendor</source>
        <translation>kundeoplysninger aftalt med leverandøren</translation>
    </message>
    <message>
        <source>may the cashier sell an item that is not in the catalog, at a typed price</source>
        <translation>må ekspedienten sælge en vare, der ikke findes i kataloget, til en indtastet pris</translation>
    </message>
    <message>
        <source>full screen; closing needs the admin PIN</source>
        <translation>fuld skærm; lukning kræver admin-PIN</translation>
    </message>
    <message>
        <source>a price override needs the admin PIN</source>
        <translation>prisændring kræver admin-PIN</translation>
    </message>
    <message>
        <source>the largest quantity one line may have</source>
        <translation>det største antal, én linje må have</translation>
    </message>
    <message>
        <source>the largest total one line may have, in the till&apos;s currency</source>
        <translation>det største linjebeløb, én linje må have, i kassens valuta</translation>
    </message>
    <message>
        <source>a price changed to 0 or to more than this asks for the PIN and a confirmation</source>
        <translation>en pris ændret til 0 eller til mere end dette kræver PIN-kode og en bekræftelse</translation>
    </message>
    <message>
        <source>an import that rejects more than this share of its rows (percent) changes nothing</source>
        <translation>en import, der afviser mere end denne andel af sine rækker (procent), ændrer intet</translation>
    </message>
    <message>
        <source>an import changing the price of more than this share of products (percent) asks first</source>
        <translation>en import, der ændrer prisen på mere end denne andel af varerne (procent), spørger først</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastaturgenveje</translation>
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
        <translation>Alle kassens kommandoer og deres taster</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Luk</translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation>Luk listen over tastaturgenveje</translation>
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
        <translation>Fuldfør salget</translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation>Til scanfeltet</translation>
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
        <translation>Ændr antal på valgt linje</translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation>Ændr pris på valgt linje</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Fjern valgt linje</translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation>Tøm kurven…</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Kø</translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation>Åbn ordrekøen</translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation>Send ventende ordrer nu</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Indstillinger…</translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation>Erstat kataloget fra en CSV-fil…</translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation>Erstat kunderegistret fra en CSV-fil…</translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation>Gendan forrige katalog…</translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation>Gendan forrige kunderegister…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afslut</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjælp</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastaturgenveje</translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation>Slutpunkt: tilgængeligt</translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation>Slutpunkt: OFFLINE, ordrer sættes i kø</translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation>Slutpunkt: LOGIN AFVIST, tilkald lederen</translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation>Afsendelse PAUSET, ordrer sættes i kø: %1</translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation>I kø her, sendes ikke fra dette vindue: %1</translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation>Slutpunkt: ingen ordre sendt endnu</translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation>%1 i kø: %2</translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation>%1 i kø: afsendelsen er sat på pause (se statuslinjen). Tilkald lederen.</translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation>Sender %1 (%2)…</translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation>I kø (offline) %1: sendes af sig selv</translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation>Nyt salg: scan næste vare, F12 fuldfører.</translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation>Sendt %1 (%2)</translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation>Ikke godkendt af leverandøren: %1. Salget gemmes; en leder kan se hvorfor i køen (F9).</translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation>%1 i kø: slutpunktet afviste vores loginoplysninger. Tilkald lederen.</translation>
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
            <numerusform>Parkeret: %n</numerusform>
            <numerusform>Parkeret: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation>Sidst sendte ordre</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation>Ordrer, som slutpunktet afviste. Åbner køen med dem (F9)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Slutpunkt</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Ventende ordrer</translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation>Parkerede ordrer: åbn køen</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation>Ordrer, som slutpunktet afviste. Klik for at se hvorfor (F9).</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ingen endnu</translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation>Sidst sendt: %1</translation>
    </message>
    <message>
        <source>The outbox was lost or emptied on %1: orders from before may be missing; tell IT</source>
        <translation>Udbakken gik tabt eller blev tømt den %1: tidligere ordrer kan mangle; giv IT besked</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Till ID must be 1 to %1 letters or digits, dashes allowed inside (for example REGENT-01), and different on every till.</source>
        <translation>Kasse-ID skal være 1 til %1 bogstaver eller cifre, bindestreger kun inden i (for eksempel REGENT-01), og forskellig på hver kasse.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation>%1 %2 har for mange decimaler: %3 tillader højst %4.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation>%1 %2 har for mange decimaler: %3 tillader ingen decimaler.</translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation>%1 %2 er ikke et beløb; skriv det som 12.50.</translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation>%1 %2 er for lang: højst %3 tegn.</translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation>%1 kan ikke være negativ.</translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation>%1 indeholder et usynligt eller retningsændrende tegn (%2, %3)%4.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation>%1 indeholder tegn, der ikke kan udskrives (%2)%3.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation>%1 indeholder tegn, der ikke kan udskrives%2.</translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation>%1 er tom%2.</translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation>%1 mangler; scan eller skriv koden.</translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation>%1 er ikke et kunde-ID: brug bogstaver, cifre, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; eller &apos;-&apos; (højst %2).</translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation>%1 er ikke et tal, en kasse kan bruge (for mange cifre eller en enorm eksponent).</translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation>%1 er ikke gyldig Unicode-tekst (et enligt surrogat %2)%3.</translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation>%1 er for stor til en kasse; tjek beløbet.</translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation>%1 skal være et beløb, f.eks. 12.50.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 skal være tekst.</translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation>Valutaen %1 kender kassen ikke: brug en ISO 4217-kode på tre bogstaver, som GBP, EUR eller USD.</translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation>Kunde-ID er tomt; scan kundekortet, eller skriv ID&apos;et.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Linje %1: %2</translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation>Intet blev scannet; scan eller skriv en varekode.</translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation>Antallet er over %1; tjek tallet.</translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation>Antallet skal være et helt antal varer, f.eks. 1 eller 3.</translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation>Antallet skal være mindst 1; fjern linjen i stedet.</translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation>Antallet ville blive %1, mere end %2; tjek tallet.</translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation>Den linje er ikke længere i kurven.</translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation>Det ligner en e-mailadresse. E-mails sendes aldrig: scan kundekortet, eller skriv kunde-ID i stedet.</translation>
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
        <translation>Navnet på kundeoplysningen</translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation>; scan eller skriv koden</translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation> (en scannerfejl?); scan igen</translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation>login afvist: slutpunktet afviste site eller site-token</translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation>intet site-token angivet</translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation>sat på pause af operatøren</translation>
    </message>
    <message>
        <source>another posapp (process %1) is already delivering from this outbox; orders stay queued and that one will send them</source>
        <translation>en anden posapp (proces %1) sender allerede fra denne kø; ordrerne bliver i køen, og den sender dem</translation>
    </message>
    <message>
        <source>the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: the orders stay queued; tell IT</source>
        <translation>afsendelseslåsen %1 kan ikke bruges (%2); indtil da sender denne kasse intet: ordrerne bliver i køen; kontakt IT</translation>
    </message>
    <message>
        <source>The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops.</source>
        <translation>Det igangværende salg kan ikke gemmes i %1 (%2); det går tabt, hvis posapp stopper.</translation>
    </message>
    <message>
        <source>The outbox %1 cannot be used: %2 (%3); %4.</source>
        <translation>Køen %1 kan ikke bruges: %2 (%3); %4.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is almost full: the sale is not taken; tell IT (%1 MB free).</source>
        <translation>Kassens disk er næsten fuld: salget tages ikke imod; kontakt IT (%1 MB fri).</translation>
    </message>
    <message>
        <source>tell IT to check the disk; keep the file, never delete it</source>
        <translation>bed IT kontrollere disken; behold filen, slet den aldrig</translation>
    </message>
    <message>
        <source>the orders already in it are safe and stay queued; tell IT</source>
        <translation>ordrerne i den er sikre og bliver i køen; kontakt IT</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>disken er fuld</translation>
    </message>
    <message>
        <source>the profile is read-only</source>
        <translation>profilen er skrivebeskyttet</translation>
    </message>
    <message>
        <source>the disk failed to read or write (input/output error)</source>
        <translation>disken kunne ikke læse eller skrive (input/output-fejl)</translation>
    </message>
    <message>
        <source>it cannot be opened (is something else where the file or its folder belongs?)</source>
        <translation>den kan ikke åbnes (ligger der noget andet, hvor filen eller dens mappe hører til?)</translation>
    </message>
    <message>
        <source>The endpoint refused the site code or the site token: check both.</source>
        <translation>Slutpunktet afviste site-koden eller site-token: kontrollér begge.</translation>
    </message>
    <message>
        <source>Connected: the site and token were accepted. The endpoint refused the empty test order, as it should, so nothing was recorded.</source>
        <translation>Forbundet: site og token blev godkendt. Slutpunktet afviste den tomme testordre, som det skal, så intet blev registreret.</translation>
    </message>
    <message>
        <source>Connected, but the endpoint accepted an empty order; tell the vendor.</source>
        <translation>Forbundet, men slutpunktet tog imod en tom ordre; giv leverandøren besked.</translation>
    </message>
    <message>
        <source>No answer from the endpoint (%1). Check the network, the environment and the site name or endpoint URL.</source>
        <translation>Intet svar fra slutpunktet (%1). Kontrollér netværket, miljøet og site-navnet eller slutpunktets URL.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not trusted by this till: if your network inspects HTTPS, add your company CA file in Settings &gt; Network</source>
        <translation>Slutpunktets certifikat er ikke betroet af denne kasse: hvis jeres netværk inspicerer HTTPS, så tilføj virksomhedens CA-fil under Indstillinger &gt; Netværk</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) has expired; if the date on this till is wrong, correct it, otherwise tell the vendor</source>
        <translation>Slutpunktets certifikat (%1) er udløbet; hvis datoen på denne kasse er forkert, så ret den, ellers giv leverandøren besked</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) is not valid yet: check the date and time on this till</source>
        <translation>Slutpunktets certifikat (%1) er ikke gyldigt endnu: kontrollér dato og klokkeslæt på denne kasse</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not for %1: check the endpoint URL, or whether your network sends HTTPS elsewhere</source>
        <translation>Slutpunktets certifikat gælder ikke for %1: kontrollér slutpunktets URL, eller om jeres netværk sender HTTPS et andet sted hen</translation>
    </message>
    <message>
        <source>The proxy at %1 did not answer: check the proxy setting and the network</source>
        <translation>Proxyen på %1 svarede ikke: kontrollér proxyindstillingen og netværket</translation>
    </message>
    <message>
        <source>The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)</source>
        <translation>Proxyen på %1 afviste brugernavnet og adgangskoden i proxyindstillingen (HTTP 407)</translation>
    </message>
    <message>
        <source>The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as http://user:password@host:port</source>
        <translation>Proxyen på %1 kræver brugernavn og adgangskode (HTTP 407): angiv proxyen som http://user:password@host:port</translation>
    </message>
    <message>
        <source>The proxy at %1 would not connect to the endpoint (HTTP %2)</source>
        <translation>Proxyen på %1 ville ikke forbinde til slutpunktet (HTTP %2)</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>leveret</translation>
    </message>
    <message>
        <source>delivered with warnings</source>
        <translation>leveret med advarsler</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>afvist</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>login afvist</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>midlertidig fejl</translation>
    </message>
    <message>
        <source>unknown outcome</source>
        <translation>ukendt resultat</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>retry after %1 s</source>
        <translation>nyt forsøg om %1 s</translation>
    </message>
    <message>
        <source>%1 in %2: %3 added, %4 removed, %5; %6 (%7)</source>
        <translation>%1 i %2: %3 tilføjet, %4 fjernet, %5; %6 (%7)</translation>
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
        <translation>%1 med nyt kunde-ID</translation>
    </message>
    <message>
        <source>%1 with a new %2</source>
        <translation>%1 med ny værdi for %2</translation>
    </message>
    <message>
        <source>the catalog has %1 now</source>
        <translation>kataloget har %1 nu</translation>
    </message>
    <message>
        <source>the customer directory has %1 now</source>
        <translation>kunderegistret har %1 nu</translation>
    </message>
    <message>
        <source>the %1 has %2 now</source>
        <translation>%1 har %2 nu</translation>
    </message>
    <message>
        <source>Largest price changes:</source>
        <translation>Største prisændringer:</translation>
    </message>
    <message>
        <source>Largest customer ID changes:</source>
        <translation>Største ændringer af kunde-ID:</translation>
    </message>
    <message>
        <source>Largest %1 changes:</source>
        <translation>Største ændringer af %1:</translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3%4</source>
        <translation>  %1: %2 -&gt; %3%4</translation>
    </message>
    <message>
        <source>Rejected rows:</source>
        <translation>Afviste rækker:</translation>
    </message>
    <message>
        <source>  line %1: %2</source>
        <translation>  linje %1: %2</translation>
    </message>
    <message>
        <source>the file has no products</source>
        <translation>filen indeholder ingen varer</translation>
    </message>
    <message>
        <source>the file has no customers</source>
        <translation>filen indeholder ingen kunder</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, or allow more)</source>
        <translation>%1 af %2 rækker (%3) kan ikke bruges og ville gå tabt (højst %4 % må; ret de rækker, eller tillad flere)</translation>
    </message>
    <message>
        <source>the catalog would shrink from %1 to %2 products</source>
        <translation>kataloget ville skrumpe fra %1 til %2 varer</translation>
    </message>
    <message>
        <source>the customer directory would shrink from %1 to %2 customers</source>
        <translation>kunderegistret ville skrumpe fra %1 til %2 kunder</translation>
    </message>
    <message>
        <source>%1 of %2 products would change price (%3; more than %4%)</source>
        <translation>%1 af %2 varer ville få ny pris (%3; mere end %4 %)</translation>
    </message>
    <message>
        <source>%1 of %2 customers would change customer ID (%3; more than %4%)</source>
        <translation>%1 af %2 kunder ville få nyt kunde-ID (%3; mere end %4 %)</translation>
    </message>
    <message>
        <source>The proxy must be an http:// URL, like http://proxy.example:3128 (not %1).</source>
        <translation>Proxyen skal være en http://-adresse, som http://proxy.example:3128 (ikke %1).</translation>
    </message>
    <message>
        <source>The proxy needs a host and a port, like http://proxy.example:3128 (not %1).</source>
        <translation>Proxyen skal have en vært og en port, som http://proxy.example:3128 (ikke %1).</translation>
    </message>
    <message>
        <source>The proxy is only http://host:port, with no path after it (not %1).</source>
        <translation>Proxyen er kun http://vært:port, uden sti efter (ikke %1).</translation>
    </message>
    <message>
        <source>The proxy in the environment cannot be used: %1</source>
        <translation>Proxyen i miljøet kan ikke bruges: %1</translation>
    </message>
    <message>
        <source>certificates must be system (the trust store of this computer) or bundled (the list that ships with posapp).</source>
        <translation>certificates skal være system (computerens certifikatlager) eller bundled (listen, der følger med posapp).</translation>
    </message>
    <message>
        <source>The CA file&apos;s name cannot be printed; type the path again.</source>
        <translation>CA-filens navn indeholder tegn, der ikke kan udskrives; skriv stien igen.</translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>CA-filen %1 findes ikke.</translation>
    </message>
    <message>
        <source>The CA file %1 is a folder, not a file.</source>
        <translation>CA-filen %1 er en mappe, ikke en fil.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2).</source>
        <translation>CA-filen %1 kan ikke læses (%2).</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----).</source>
        <translation>CA-filen %1 indeholder ingen PEM-certifikater (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The CA file %1 is damaged: its PEM certificates cannot be read.</source>
        <translation>CA-filen %1 er beskadiget: dens PEM-certifikater kan ikke læses.</translation>
    </message>
    <message>
        <source>needs refCode, name and price</source>
        <translation>skal have refCode, navn og pris</translation>
    </message>
    <message>
        <source>needs card (or email) and customerId</source>
        <translation>skal have kundekort (eller e-mail) og customerId</translation>
    </message>
    <message>
        <source>barcode %1 must be digits (EAN)</source>
        <translation>stregkoden %1 skal være cifre (EAN)</translation>
    </message>
    <message>
        <source>refCode %1 appears twice (first on line %2)</source>
        <translation>refCode %1 står der to gange (første gang på linje %2)</translation>
    </message>
    <message>
        <source>barcode %1 appears twice (first on line %2)</source>
        <translation>stregkoden %1 står der to gange (første gang på linje %2)</translation>
    </message>
    <message>
        <source>%1 %2 appears twice (first on line %3)</source>
        <translation>%1 %2 står der to gange (første gang på linje %3)</translation>
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
        <translation>Stregkoden</translation>
    </message>
</context>
</TS>
