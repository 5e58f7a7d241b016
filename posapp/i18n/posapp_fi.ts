<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fi_FI" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation>muuta asetuksia</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Asetukset</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Tallennetaan asetuksia…</translation>
    </message>
    <message>
        <source>replace the %1</source>
        <translation>korvaa %1</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV-tiedosto</translation>
    </message>
    <message>
        <source>catalog</source>
        <translation>tuoteluettelo</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>asiakasrekisteri</translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation>palauta edellinen %1</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Palauta</translation>
    </message>
</context>
<context>
    <name>AdminGate</name>
    <message>
        <source>Admin PIN</source>
        <translation>Ylläpidon PIN</translation>
    </message>
    <message>
        <source>Admin PIN to %1:</source>
        <translation>Ylläpidon PIN – %1:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Väärä PIN.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation>Liian monta väärää PIN-koodia: yritä uudelleen %1 s kuluttua.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation>Vielä puuttuu: %1.</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Tallennetaan asetuksia…</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation>Edellinen tilaus</translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation>Valmiina ensimmäiselle asiakkaalle</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Code</source>
        <translation>Koodi</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Tuote</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Määrä</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Kpl-hinta</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Yhteensä</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Tiedot</translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <source>Finish sale  (F12)</source>
        <translation>Valmis  (F12)</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Ostoskori</translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation>Yhteensä</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Viesti</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Päätä myynti</translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation>Myynnin rivit. F2 muuttaa valitun rivin määrää, F3 sen hintaa, Ctrl+Del poistaa sen</translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation>Tallenna myynti ja lähetä tilaus, aloita sitten seuraava myynti (F12)</translation>
    </message>
    <message>
        <source>The catalog cannot be used; type the price of %1. Tell the manager: %2</source>
        <translation>Tuoteluetteloa ei voi käyttää; kirjoita tuotteen %1 hinta. Kerro esihenkilölle: %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Lisätty: %1</translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation>Odotetaan tuotteen %1 hintaa.</translation>
    </message>
    <message>
        <source>The catalog cannot be used; tell the manager: %1</source>
        <translation>Tuoteluetteloa ei voi käyttää; kerro esihenkilölle: %1</translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation>Tuntematon tuote %1: ei ole tuoteluettelossa. Tarkista koodi tai kutsu esihenkilö.</translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation>Ei lisätty: %1 (hintaa ei annettu).</translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation>Myydäänkö %1 hintaan %2? Se on epätavallista tässä myymälässä.</translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation>Tarkista hinta</translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation>myy hintaan %1</translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation>Tuotteen %1 hintaa ei muutettu.</translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation>Tuotteen %1 hinta muutettu (merkitty ✎ ostoskorissa).</translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation>Ostoskori on tyhjä.</translation>
    </message>
    <message>
        <source>change a price</source>
        <translation>muuta hintaa</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>Poistettu: %1</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Tyhjennä ostoskori</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>Poistetaanko %n rivi ostoskorista?</numerusform>
            <numerusform>Poistetaanko kaikki %n riviä ostoskorista?</numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation>Ostoskori tyhjennetty.</translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>Yhteensä %1   (%n tuote)</numerusform>
            <numerusform>Yhteensä %1   (%n tuotetta)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln products</source>
        <translation>
            <numerusform>%Ln tuote</numerusform>
            <numerusform>%Ln tuotetta</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln asiakas</numerusform>
            <numerusform>%Ln asiakasta</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) rejected</source>
        <translation>
            <numerusform>%Ln rivi hylätty</numerusform>
            <numerusform>%Ln riviä hylätty</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... ja %Ln muu</numerusform>
            <numerusform>  ... ja %Ln muuta</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>%Ln rivi ei kelpaa</numerusform>
            <numerusform>yksikään %Ln rivistä ei kelpaa</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation>Lue kortti tai anna tunnus</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Asiakaskortti tai -tunnus</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Asiakas</translation>
    </message>
    <message>
        <source>No customer (F8)</source>
        <translation>Ei asiakasta (F8)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Asiakas:</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>valinnainen</translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation>Lue asiakaskortti tai anna asiakastunnus ja paina Enter</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ei asiakasta</translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation>Lähetä tilaus ilman asiakasta (F8)</translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation>Valinnainen, toimittajan kanssa sovittu asiakastieto</translation>
    </message>
    <message>
        <source>The customer directory cannot be used; tell the manager: %1</source>
        <translation>Asiakasrekisteriä ei voi käyttää; kerro esihenkilölle: %1</translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation>Ei asiakasta: tilaus lähetetään ilman asiakasta</translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation>%1: ei ole asiakasrekisterissä; lähetetään sellaisenaan. F8: ei asiakasta.</translation>
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
        <translation>Sammuta päätepiste</translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation>Demo: päätepiste ei vastaa. Päätä myynti, niin näet sen menevän jonoon.</translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation>Demo: päätepiste vastaa taas. Jonossa olevat tilaukset lähtevät itsestään.</translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation>Hylkää seuraava tilaus (HTTP 400)</translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation>Hylkää tunnistetiedot seuraavaksi (HTTP 401)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation>Luetaan: %1…</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Mitään ei muutettu.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Tuodaan: %1…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>%n rivi tuotu…</numerusform>
            <numerusform>%n riviä tuotu…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation>%1 korvattu: %2 %3 tiedostosta %4 (%5 lisätty, %6 poistettu, %7 muutettu); edellinen säilytetään.</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Mitään ei muutettu: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Tuonti epäonnistui</translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation>, tiedostosta %1</translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation>Palautettavaa edellistä versiota ei ole: %1.</translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation>Palautetaanko edellinen %1 (%2)? Nykyinen säilytetään, joten voit vaihtaa takaisin.</translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation>Edellinen %1 on palautettu (%2).</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Palautus epäonnistui</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Tuonti</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Import: what would change</source>
        <translation>Tuonti: mikä muuttuisi</translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation>Kyllä, korvaa silti: %1</translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation>Korvaa %1</translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation>Tiedosto ei kelpaa, %1 säilyy ennallaan: %2.</translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation>Tarkista yllä olevat muutokset ennen kuin korvaat luettelon.</translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation>Mitään ei ole vielä muutettu. Nykyinen %1 säilytetään, ja sen voi palauttaa Ylläpito-valikosta.</translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation>Mitä tiedosto muuttaisi</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Tiedot</translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation>Suurimmat hinnanmuutokset ja rivit, joita ei voi käyttää, rivinumeroineen</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Arvio</translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation>Korvaa silti</translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation>Korvaa luettelo</translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation>Tuo tiedosto; nykyinen luettelo säilytetään, ja sen voi palauttaa</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>Älä muuta mitään</translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>catalog</source>
        <translation>tuoteluettelo</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>asiakasrekisteri</translation>
    </message>
    <message>
        <source>products</source>
        <translation>tuotetta</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>asiakasta</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Type the price of %1 first, or press Esc to leave it out.</source>
        <translation>Anna ensin tuotteen %1 hinta tai ohita se painamalla Esc.</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>EI TALLENNETTU: %1</translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation>Lähetetään odottavat tilaukset nyt.</translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>Lopetetaanko, kun ostoskorissa on %n rivi? Se palaa, kun posapp käynnistyy uudelleen.</numerusform>
            <numerusform>Lopetetaanko, kun ostoskorissa on %n riviä? Ne palaavat, kun posapp käynnistyy uudelleen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>Lopetetaanko, kun ostoskorissa on %n rivi? Se menetetään.</numerusform>
            <numerusform>Lopetetaanko, kun ostoskorissa on %n riviä? Ne menetetään.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Lopeta</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>lopeta</translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation>Asetukset tallennettu; ne ovat voimassa tästä lähtien.</translation>
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
        <translation>Tilaus</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summa</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Luotu</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Lähetetty</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Yritykset</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>Syy / viimeisin virhe</translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation> (ehkä kaksoiskappale)</translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message>
        <source>price for one</source>
        <translation>kappalehinta</translation>
    </message>
    <message>
        <source>Price of the unknown item</source>
        <translation>Tuntemattoman tuotteen hinta</translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation>Ohita (Esc)</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Tuntematon tuote</translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation>Anna tuntemattoman tuotteen kappalehinta ja paina Enter; Esc ohittaa sen</translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation>Ohita tuntematon tuote</translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation>Tuntematonta tuotetta ei lisätä ostoskoriin (Esc)</translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation>%1 ei ole tuoteluettelossa: anna kappalehinta ja paina Enter.</translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>Sen jälkeen odottaa vielä %n tuntematon tuote.</numerusform>
            <numerusform>Sen jälkeen odottaa vielä %n tuntematonta tuotetta.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Order queue</source>
        <translation>Tilausjono</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Odottavat</translation>
    </message>
    <message>
        <source>Parked: need attention</source>
        <translation>Pysäköidyt: vaativat toimia</translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation>Lähetetty tänään</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Lähetä valitut</translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation>Lähetä pysäköidyt</translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation>Vie pysäköidyt…</translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation>Lähetä nyt</translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation>Vie päivä (CSV)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sulje</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Odottavat tilaukset</translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation>Lähetystä odottavat tilaukset</translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation>Pysäköidyt tilaukset</translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation>Päätepisteen hylkäämät tilaukset syineen; valitse tilaus lähettääksesi sen uudelleen</translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation>Tänään lähetetyt tilaukset</translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation>Tämän päivän tilaukset, jotka päätepiste otti vastaan</translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation>Päivän yhteenveto</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Viesti</translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation>Lähetä valitut pysäköidyt tilaukset uudelleen</translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation>Lähetä kaikki pysäköidyt tilaukset uudelleen</translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation>Vie pysäköidyt</translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation>Tallenna pysäköidyt tilaukset tiedostoon tukea varten</translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation>Yritä kaikkia odottavia tilauksia nyt</translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation>Vie päivä</translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation>Tallenna tämän päivän tilaukset CSV-tiedostoon päivän päättämistä varten</translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation>Sulje jono</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>Tänään: %n tilaus lähetetty (%1). Odottaa: %2. Pysäköity: %3.</numerusform>
            <numerusform>Tänään: %n tilausta lähetetty (%1). Odottaa: %2. Pysäköity: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation>lähetä pysäköidyt uudelleen</translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation>Valitse ensin pysäköity tilaus.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n tilaus palasi jonoon.</numerusform>
            <numerusform>%n tilausta palasi jonoon.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation>Yritetään nyt kaikkia odottavia tilauksia.</translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation>vie pysäköidyt tilaukset</translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation>Vie pysäköidyt tilaukset</translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n pysäköity tilaus tallennettu: %1</numerusform>
            <numerusform>%n pysäköityä tilausta tallennettu: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Viedään…</translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation>Vie päivän yhteenveto</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n tilaus tallennettu: %1</numerusform>
            <numerusform>%n tilausta tallennettu: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>Keskeneräinen myynti palasi: %n rivi. Jatka tai tyhjennä ostoskori.</numerusform>
            <numerusform>Keskeneräinen myynti palasi: %n riviä. Jatka tai tyhjennä ostoskori.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation>Skannaa tuote tai kirjoita koodi (3*KOODI = kolme), sitten Enter</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Tuotekoodi</translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation>Skannaa tuote tai kirjoita sen koodi ja paina Enter; 3*KOODI lisää kolme</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation>Skannattu %1: lisätään ostoskoriin, kun tämä ikkuna suljetaan.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>Järjestelmän kieli</translation>
    </message>
    <message>
        <source>Set up this till</source>
        <translation>Tämän kassan käyttöönotto</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Kassan asetukset</translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation>toimittajan antama sivustoavain</translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation>jätä tyhjäksi, niin tallennettu avain säilyy</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>4–12 numeroa</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>jätä tyhjäksi, niin PIN säilyy</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Verkko</translation>
    </message>
    <message>
        <source>Site token</source>
        <translation>Sivustoavain</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>Ylläpidon PIN</translation>
    </message>
    <message>
        <source>Admin PIN again</source>
        <translation>Ylläpidon PIN uudelleen</translation>
    </message>
    <message>
        <source>The site token from the vendor; it is kept in the system&apos;s keyring</source>
        <translation>Toimittajan antama sivustoavain; säilytetään järjestelmän avainnipussa</translation>
    </message>
    <message>
        <source>The PIN a manager types to change settings, prices and parked orders</source>
        <translation>PIN, jolla esihenkilö muuttaa asetuksia, hintoja ja pysäköityjä tilauksia</translation>
    </message>
    <message>
        <source>The same PIN again, to be sure</source>
        <translation>Sama PIN uudelleen varmuuden vuoksi</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Testaa yhteys</translation>
    </message>
    <message>
        <source>Ask the endpoint whether it takes these settings and the site token</source>
        <translation>Kysy päätepisteeltä, hyväksyykö se nämä asetukset ja sivustoavaimen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Tallenna</translation>
    </message>
    <message>
        <source>Check the settings and use them from now on</source>
        <translation>Tarkista asetukset ja ota ne käyttöön tästä lähtien</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Sulje muuttamatta mitään</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Yhteystesti</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Ongelma</translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation>Ylläpitäjä on lukinnut tämän tiedostossa %1; muutettavissa vain siellä.</translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation>ylläpitäjän asettama tälle koneelle</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Tarkistetaan avainnippua…</translation>
    </message>
    <message>
        <source>No usable keyring was found on this machine (a headless kiosk usually has none). Either give the token as the systemd credential %1 (LoadCredential=), or in the environment variable %2, or run a keyring daemon such as gnome-keyring in the session.</source>
        <translation>Tältä koneelta ei löytynyt käyttökelpoista avainnippua (näytöttömässä kioskissa sitä ei yleensä ole). Anna avain joko systemd-tunnisteena %1 (LoadCredential=) tai ympäristömuuttujassa %2, tai käynnistä istuntoon avainnippupalvelu, kuten gnome-keyring.</translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation>Tarvitaan, ennen kuin kassa voi lähettää tilauksia.</translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation>Sivustoavain tarvitaan (tai aseta POSAPP_SITE_TOKEN).</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>PIN-koodit eivät täsmää.</translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation>Anna ensin sivustoavain.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Tarkistetaan…</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Ympäristö</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>Sivustokoodi</translation>
    </message>
    <message>
        <source>Production domain</source>
        <translation>Tuotantoverkkotunnus</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>Päätepisteen URL</translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation>valinnainen: oma URL, ohittaa kolme yllä olevaa</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Välityspalvelin</translation>
    </message>
    <message>
        <source>optional: http://proxy.example:3128</source>
        <translation>valinnainen: http://proxy.example:3128</translation>
    </message>
    <message>
        <source>Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)</source>
        <translation>Ympäristön välityspalvelin (HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>Luotetut varmenteet</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>Yrityksen CA-tiedosto</translation>
    </message>
    <message>
        <source>optional: a .pem file, if your network inspects HTTPS</source>
        <translation>valinnainen: .pem-tiedosto, jos verkkosi tarkastaa HTTPS-liikenteen</translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation>Kassatunnus</translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation>esimerkiksi REGENT-01, eri jokaisella kassalla</translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation>Myymälän tiedot (nimi = arvo)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Valuutta</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Tilausten kieli</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Kassan kieli</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Asiakastiedot</translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation>toimittajan kanssa sovitut kentät, esim. gender, diet</translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation>Myyjä saa myydä luettelosta puuttuvia tuotteita</translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation>Kioskitila: koko näyttö, sulkeminen ylläpidon PIN:llä</translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation>Hinnan muutos vaatii ylläpidon PIN:n</translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation>Suurin määrä riviä kohden</translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation>Suurin rivisumma</translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation>Vahvista hinnanmuutokset, kun yli</translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation>Tuonti: hylättyjä rivejä enintään (%)</translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation>Tuonti: kysymättä muutettavia hintoja enintään (%)</translation>
    </message>
    <message>
        <source>uat or production</source>
        <translation>uat tai production</translation>
    </message>
    <message>
        <source>the site code the vendor gave you</source>
        <translation>toimittajan antama sivustokoodi</translation>
    </message>
    <message>
        <source>peerius.com or peerius.episerver.net</source>
        <translation>peerius.com tai peerius.episerver.net</translation>
    </message>
    <message>
        <source>an explicit URL; overrides the three above</source>
        <translation>oma URL; ohittaa kolme yllä olevaa</translation>
    </message>
    <message>
        <source>an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none</source>
        <translation>http://-välityspalvelin (host:port, ehkä user:password@) päätepisteelle; tyhjä: ei mitään</translation>
    </message>
    <message>
        <source>use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)</source>
        <translation>käytä ympäristön muuttujia HTTPS_PROXY, ALL_PROXY ja NO_PROXY (proxy-asetus on etusijalla)</translation>
    </message>
    <message>
        <source>which certificate authorities to trust: system (this computer&apos;s) or bundled (posapp&apos;s)</source>
        <translation>mihin varmentajiin luotetaan: system (tämän tietokoneen) tai bundled (posappin omat)</translation>
    </message>
    <message>
        <source>a PEM file of extra certificate authorities (your company CA), trusted as well</source>
        <translation>PEM-tiedosto lisävarmentajista (yrityksesi CA), joihin myös luotetaan</translation>
    </message>
    <message>
        <source>different on every till; starts each order number</source>
        <translation>eri jokaisella kassalla; jokainen tilausnumero alkaa tällä</translation>
    </message>
    <message>
        <source>sent with every order as order.attributes</source>
        <translation>lähetetään jokaisen tilauksen mukana kentässä order.attributes</translation>
    </message>
    <message>
        <source>a three-letter ISO 4217 code</source>
        <translation>kolmikirjaiminen ISO 4217 -koodi</translation>
    </message>
    <message>
        <source>the orders&apos; language, like en-gb</source>
        <translation>tilausten kieli, esim. en-gb</translation>
    </message>
    <message>
        <source>the window&apos;s language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine&apos;s)</source>
        <translation>kassan kieli: system, en, de, fr, nl, sv, da, nb, fi, es (system: koneen kieli)</translation>
    </message>
    <message>
        <source>customer details agreed with the vendor</source>
        <translation>toimittajan kanssa sovitut asiakastiedot</translation>
    </message>
    <message>
        <source>may the cashier sell an item that is not in the catalog, at a typed price</source>
        <translation>saako myyjä myydä tuotteen, jota ei ole tuoteluettelossa, annettuun hintaan</translation>
    </message>
    <message>
        <source>full screen; closing needs the admin PIN</source>
        <translation>koko näyttö; sulkeminen vaatii ylläpidon PIN:n</translation>
    </message>
    <message>
        <source>a price override needs the admin PIN</source>
        <translation>hinnan muutos vaatii ylläpidon PIN:n</translation>
    </message>
    <message>
        <source>the largest quantity one line may have</source>
        <translation>suurin määrä, joka yhdellä rivillä voi olla</translation>
    </message>
    <message>
        <source>the largest total one line may have, in the till&apos;s currency</source>
        <translation>suurin summa, joka yhdellä rivillä voi olla, kassan valuutassa</translation>
    </message>
    <message>
        <source>a price changed to 0 or to more than this asks for the PIN and a confirmation</source>
        <translation>hinnan muutos nollaan tai tätä suuremmaksi vaatii PIN:n ja vahvistuksen</translation>
    </message>
    <message>
        <source>an import that rejects more than this share of its rows (percent) changes nothing</source>
        <translation>tuonti, joka hylkää tätä suuremman osuuden riveistään (prosenttia), ei muuta mitään</translation>
    </message>
    <message>
        <source>an import changing the price of more than this share of products (percent) asks first</source>
        <translation>tuonti, joka muuttaisi tätä suuremman osuuden tuotteiden hinnoista (prosenttia), kysyy ensin</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Pikanäppäimet</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Komento</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Näppäimet</translation>
    </message>
    <message>
        <source>Every command of the till and its keys</source>
        <translation>Kaikki kassan komennot ja niiden näppäimet</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sulje</translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation>Sulje pikanäppäinluettelo</translation>
    </message>
</context>
<context>
    <name>TillMenus</name>
    <message>
        <source>&amp;Sale</source>
        <translation>&amp;Myynti</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Päätä myynti</translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation>Skannauskenttään</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Asiakaskortti tai -tunnus</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Ei asiakasta</translation>
    </message>
    <message>
        <source>Change quantity of the selected line</source>
        <translation>Muuta valitun rivin määrää</translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation>Muuta valitun rivin hintaa</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Poista valittu rivi</translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation>Tyhjennä ostoskori…</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Jono</translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation>Avaa tilausjono</translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation>Lähetä odottavat tilaukset nyt</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>&amp;Ylläpito</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Asetukset…</translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation>Korvaa tuoteluettelo CSV-tiedostosta…</translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation>Korvaa asiakasrekisteri CSV-tiedostosta…</translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation>Palauta edellinen tuoteluettelo…</translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation>Palauta edellinen asiakasrekisteri…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Lopeta</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Ohje</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Pikanäppäimet</translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation>Päätepiste: tavoitettavissa</translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation>Päätepiste: EI YHTEYTTÄ, tilaukset jonoon</translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation>Päätepiste: TUNNUKSET HYLÄTTY, kutsu esihenkilö</translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation>Lähetys TAUOLLA, tilaukset jonoon: %1</translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation>Jonossa täällä, ei lähetetä tästä ikkunasta: %1</translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation>Päätepiste: tilauksia ei ole vielä lähetetty</translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation>%1 jonossa: %2</translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation>%1 jonossa: lähetys on tauolla (katso tilarivi). Kutsu esihenkilö.</translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation>Lähetetään %1 (%2)…</translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation>Jonossa (offline) %1: lähtee itsestään</translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation>Uusi myynti: skannaa seuraava tuote, F12 päättää.</translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation>Lähetetty %1 (%2)</translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation>Toimittaja ei hyväksynyt: %1. Myynti säilyy; esihenkilö näkee syyn jonosta (F9).</translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation>%1 jonossa: päätepiste hylkäsi tunnuksemme. Kutsu esihenkilö.</translation>
    </message>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation>
            <numerusform>Odottaa: %n</numerusform>
            <numerusform>Odottaa: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation>
            <numerusform>Pysäköity: %n</numerusform>
            <numerusform>Pysäköity: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation>Viimeksi lähetetty tilaus</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation>Päätepisteen hylkäämät tilaukset. Avaa jonon niiden kohdalta (F9)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Päätepiste</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Odottavat tilaukset</translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation>Pysäköidyt tilaukset: avaa jono</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation>Päätepisteen hylkäämät tilaukset. Napsauta nähdäksesi syyn (F9).</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ei vielä</translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation>Lähetetty: %1</translation>
    </message>
    <message>
        <source>The outbox was lost or emptied on %1: orders from before may be missing; tell IT</source>
        <translation>Lähtevien tilausten varasto katosi tai tyhjennettiin %1: aiempia tilauksia voi puuttua; ilmoita IT-tuelle</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Till ID must be 1 to %1 letters or digits, dashes allowed inside (for example REGENT-01), and different on every till.</source>
        <translation>Kassatunnuksessa on 1–%1 kirjainta tai numeroa, väliviivoja vain keskellä (esimerkiksi REGENT-01), ja se on eri jokaisella kassalla.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation>%1 %2: liikaa desimaaleja; %3 sallii enintään %4.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation>%1 %2: liikaa desimaaleja; %3 ei salli desimaaleja.</translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation>%1 %2 ei ole rahasumma; kirjoita se muodossa 12.50.</translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation>%1 %2 on liian pitkä: enintään %3 merkkiä.</translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation>%1 ei voi olla negatiivinen.</translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation>%1 sisältää näkymättömän tai suuntaa vaihtavan merkin (%2, %3)%4.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation>%1 sisältää merkkejä, joita ei voi tulostaa (%2)%3.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation>%1 sisältää merkkejä, joita ei voi tulostaa%2.</translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation>%1 on tyhjä%2.</translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation>%1 puuttuu; skannaa tai kirjoita koodi.</translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation>%1 ei ole asiakastunnus: käytä kirjaimia, numeroita, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; tai &apos;-&apos; (enintään %2).</translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation>%1 ei ole luku, jota kassa voi käyttää (liikaa numeroita tai valtava eksponentti).</translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation>%1 ei ole kelvollista Unicode-tekstiä (yksinäinen surrogaatti %2)%3.</translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation>%1 on liian suuri kassalle; tarkista summa.</translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation>%1 ei ole rahasumma; kirjoita se muodossa 12.50.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 ei ole tekstiä.</translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation>Kassa ei tunne valuuttaa %1: käytä kolmikirjaimista ISO 4217 -koodia, kuten GBP, EUR tai USD.</translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation>Asiakastunnus on tyhjä; skannaa asiakaskortti tai kirjoita tunnus.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Rivi %1: %2</translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation>Mitään ei skannattu; skannaa tai kirjoita tuotekoodi.</translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation>Määrä on yli %1; tarkista luku.</translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation>Määrän on oltava kokonainen kappalemäärä, esim. 1 tai 3.</translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation>Määrän on oltava vähintään 1; poista rivi sen sijaan.</translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation>Määrä olisi %1, yli %2; tarkista luku.</translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation>Riviä ei ole enää ostoskorissa.</translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation>Tämä näyttää sähköpostiosoitteelta. Sähköposteja ei koskaan lähetetä: skannaa asiakaskortti tai kirjoita asiakastunnus.</translation>
    </message>
    <message>
        <source>Write the quantity before the *, as in 3*CODE.</source>
        <translation>Kirjoita määrä ennen *-merkkiä, kuten 3*KOODI.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Hinta</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Määrä</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Tuotekoodi</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nimi</translation>
    </message>
    <message>
        <source>Customer detail name</source>
        <translation>Asiakastiedon nimi</translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation>; skannaa tai kirjoita koodi</translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation> (skannerin häiriö?); skannaa uudelleen</translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation>tunnukset hylätty: päätepiste hylkäsi sivuston tai sivustoavaimen</translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation>sivustoavainta ei ole asetettu</translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation>käyttäjä keskeytti</translation>
    </message>
    <message>
        <source>another posapp (process %1) is already delivering from this outbox; orders stay queued and that one will send them</source>
        <translation>toinen posapp (prosessi %1) lähettää jo tästä jonosta; tilaukset pysyvät jonossa ja se lähettää ne</translation>
    </message>
    <message>
        <source>the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: the orders stay queued; tell IT</source>
        <translation>lähetyslukkoa %1 ei voi käyttää (%2); siihen asti tämä kassa ei lähetä mitään: tilaukset pysyvät jonossa; ota yhteys IT-tukeen</translation>
    </message>
    <message>
        <source>The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops.</source>
        <translation>Kesken olevaa myyntiä ei voi säilyttää tiedostossa %1 (%2); se menetetään, jos posapp pysähtyy.</translation>
    </message>
    <message>
        <source>The outbox %1 cannot be used: %2 (%3); %4.</source>
        <translation>Jonoa %1 ei voi käyttää: %2 (%3); %4.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is almost full: the sale is not taken; tell IT (%1 MB free).</source>
        <translation>Kassan levy on melkein täynnä: myyntiä ei oteta vastaan; ota yhteys IT-tukeen (%1 Mt vapaana).</translation>
    </message>
    <message>
        <source>tell IT to check the disk; keep the file, never delete it</source>
        <translation>pyydä IT-tukea tarkistamaan levy; säilytä tiedosto, älä koskaan poista sitä</translation>
    </message>
    <message>
        <source>the orders already in it are safe and stay queued; tell IT</source>
        <translation>sen tilaukset ovat tallessa ja pysyvät jonossa; ota yhteys IT-tukeen</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>levy on täynnä</translation>
    </message>
    <message>
        <source>the profile is read-only</source>
        <translation>profiili on vain luku -tilassa</translation>
    </message>
    <message>
        <source>the disk failed to read or write (input/output error)</source>
        <translation>levy ei pystynyt lukemaan tai kirjoittamaan (siirräntävirhe)</translation>
    </message>
    <message>
        <source>it cannot be opened (is something else where the file or its folder belongs?)</source>
        <translation>sitä ei voi avata (onko tiedoston tai sen kansion paikalla jotain muuta?)</translation>
    </message>
    <message>
        <source>The endpoint refused the site code or the site token: check both.</source>
        <translation>Päätepiste hylkäsi sivustokoodin tai sivustoavaimen: tarkista molemmat.</translation>
    </message>
    <message>
        <source>Connected: the site and token were accepted. The endpoint refused the empty test order, as it should, so nothing was recorded.</source>
        <translation>Yhteys toimii: sivusto ja avain hyväksyttiin. Päätepiste hylkäsi tyhjän testitilauksen, kuten pitääkin, joten mitään ei tallennettu.</translation>
    </message>
    <message>
        <source>Connected, but the endpoint accepted an empty order; tell the vendor.</source>
        <translation>Yhteys toimii, mutta päätepiste hyväksyi tyhjän tilauksen; ilmoita toimittajalle.</translation>
    </message>
    <message>
        <source>No answer from the endpoint (%1). Check the network, the environment and the site name or endpoint URL.</source>
        <translation>Päätepiste ei vastaa (%1). Tarkista verkko, ympäristö ja sivuston nimi tai päätepisteen URL.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not trusted by this till: if your network inspects HTTPS, add your company CA file in Settings &gt; Network</source>
        <translation>Tämä kassa ei luota päätepisteen varmenteeseen: jos verkkonne tarkastaa HTTPS-liikenteen, lisää yrityksen CA-tiedosto kohdassa Asetukset &gt; Verkko</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) has expired; if the date on this till is wrong, correct it, otherwise tell the vendor</source>
        <translation>Päätepisteen varmenne (%1) on vanhentunut; jos tämän kassan päivämäärä on väärin, korjaa se, muuten ilmoita toimittajalle</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) is not valid yet: check the date and time on this till</source>
        <translation>Päätepisteen varmenne (%1) ei ole vielä voimassa: tarkista tämän kassan päivämäärä ja kellonaika</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not for %1: check the endpoint URL, or whether your network sends HTTPS elsewhere</source>
        <translation>Päätepisteen varmenne ei ole osoitteelle %1: tarkista päätepisteen URL tai ohjaako verkkonne HTTPS-liikenteen muualle</translation>
    </message>
    <message>
        <source>The proxy at %1 did not answer: check the proxy setting and the network</source>
        <translation>Välityspalvelin %1 ei vastannut: tarkista välityspalvelimen asetus ja verkko</translation>
    </message>
    <message>
        <source>The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)</source>
        <translation>Välityspalvelin %1 hylkäsi asetuksen käyttäjätunnuksen ja salasanan (HTTP 407)</translation>
    </message>
    <message>
        <source>The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as http://user:password@host:port</source>
        <translation>Välityspalvelin %1 vaatii käyttäjätunnuksen ja salasanan (HTTP 407): anna välityspalvelin muodossa http://user:password@host:port</translation>
    </message>
    <message>
        <source>The proxy at %1 would not connect to the endpoint (HTTP %2)</source>
        <translation>Välityspalvelin %1 ei suostunut yhdistämään päätepisteeseen (HTTP %2)</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>toimitettu</translation>
    </message>
    <message>
        <source>delivered with warnings</source>
        <translation>toimitettu varoituksin</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>hylätty</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>tunnukset hylätty</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>tilapäinen virhe</translation>
    </message>
    <message>
        <source>unknown outcome</source>
        <translation>tulos tuntematon</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>retry after %1 s</source>
        <translation>uusi yritys %1 s kuluttua</translation>
    </message>
    <message>
        <source>%1 in %2: %3 added, %4 removed, %5; %6 (%7)</source>
        <translation>%1 tiedostossa %2: %3 lisätty, %4 poistettu, %5; %6 (%7)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 with a new price</source>
        <translation>%1 uudella hinnalla</translation>
    </message>
    <message>
        <source>%1 with a new customer ID</source>
        <translation>%1 uudella asiakastunnuksella</translation>
    </message>
    <message>
        <source>%1 with a new %2</source>
        <translation>%1, joiden %2 muuttuu</translation>
    </message>
    <message>
        <source>the catalog has %1 now</source>
        <translation>tuoteluettelossa on nyt %1</translation>
    </message>
    <message>
        <source>the customer directory has %1 now</source>
        <translation>asiakasrekisterissä on nyt %1</translation>
    </message>
    <message>
        <source>the %1 has %2 now</source>
        <translation>kohteessa %1 on nyt %2</translation>
    </message>
    <message>
        <source>Largest price changes:</source>
        <translation>Suurimmat hinnanmuutokset:</translation>
    </message>
    <message>
        <source>Largest customer ID changes:</source>
        <translation>Suurimmat asiakastunnusten muutokset:</translation>
    </message>
    <message>
        <source>Largest %1 changes:</source>
        <translation>Suurimmat muutokset (%1):</translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3%4</source>
        <translation>  %1: %2 -&gt; %3%4</translation>
    </message>
    <message>
        <source>Rejected rows:</source>
        <translation>Hylätyt rivit:</translation>
    </message>
    <message>
        <source>  line %1: %2</source>
        <translation>  rivi %1: %2</translation>
    </message>
    <message>
        <source>the file has no products</source>
        <translation>tiedostossa ei ole tuotteita</translation>
    </message>
    <message>
        <source>the file has no customers</source>
        <translation>tiedostossa ei ole asiakkaita</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, or allow more)</source>
        <translation>%1/%2 riviä (%3) on käyttökelvottomia ja menetettäisiin (enintään %4 % sallitaan; korjaa rivit tai salli enemmän)</translation>
    </message>
    <message>
        <source>the catalog would shrink from %1 to %2 products</source>
        <translation>tuoteluettelo pienenisi: %1 → %2 tuotetta</translation>
    </message>
    <message>
        <source>the customer directory would shrink from %1 to %2 customers</source>
        <translation>asiakasrekisteri pienenisi: %1 → %2 asiakasta</translation>
    </message>
    <message>
        <source>%1 of %2 products would change price (%3; more than %4%)</source>
        <translation>%1/%2 tuotteen hinta muuttuisi (%3; yli %4 %)</translation>
    </message>
    <message>
        <source>%1 of %2 customers would change customer ID (%3; more than %4%)</source>
        <translation>%1/%2 asiakkaan asiakastunnus muuttuisi (%3; yli %4 %)</translation>
    </message>
    <message>
        <source>The proxy must be an http:// URL, like http://proxy.example:3128 (not %1).</source>
        <translation>Välityspalvelimen on oltava http://-osoite, kuten http://proxy.example:3128 (ei %1).</translation>
    </message>
    <message>
        <source>The proxy needs a host and a port, like http://proxy.example:3128 (not %1).</source>
        <translation>Välityspalvelimelle tarvitaan palvelin ja portti, kuten http://proxy.example:3128 (ei %1).</translation>
    </message>
    <message>
        <source>The proxy is only http://host:port, with no path after it (not %1).</source>
        <translation>Välityspalvelin on vain http://palvelin:portti, ilman polkua perässä (ei %1).</translation>
    </message>
    <message>
        <source>The proxy in the environment cannot be used: %1</source>
        <translation>Ympäristön välityspalvelinta ei voi käyttää: %1</translation>
    </message>
    <message>
        <source>certificates must be system (the trust store of this computer) or bundled (the list that ships with posapp).</source>
        <translation>certificates on joko system (tämän tietokoneen varmennevarasto) tai bundled (posappin mukana tuleva luettelo).</translation>
    </message>
    <message>
        <source>The CA file&apos;s name cannot be printed; type the path again.</source>
        <translation>CA-tiedoston nimessä on merkkejä, joita ei voi tulostaa; kirjoita polku uudelleen.</translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>CA-tiedostoa %1 ei ole.</translation>
    </message>
    <message>
        <source>The CA file %1 is a folder, not a file.</source>
        <translation>CA-tiedosto %1 on kansio, ei tiedosto.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2).</source>
        <translation>CA-tiedostoa %1 ei voi lukea (%2).</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----).</source>
        <translation>CA-tiedostossa %1 ei ole PEM-varmenteita (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The CA file %1 is damaged: its PEM certificates cannot be read.</source>
        <translation>CA-tiedosto %1 on vioittunut: sen PEM-varmenteita ei voi lukea.</translation>
    </message>
    <message>
        <source>needs refCode, name and price</source>
        <translation>tarvitsee refCode-koodin, nimen ja hinnan</translation>
    </message>
    <message>
        <source>needs card (or email) and customerId</source>
        <translation>tarvitsee asiakaskortin (tai sähköpostin) ja customerId-tunnuksen</translation>
    </message>
    <message>
        <source>barcode %1 must be digits (EAN)</source>
        <translation>viivakoodissa %1 saa olla vain numeroita (EAN)</translation>
    </message>
    <message>
        <source>refCode %1 appears twice (first on line %2)</source>
        <translation>refCode %1 on kahdesti (ensin rivillä %2)</translation>
    </message>
    <message>
        <source>barcode %1 appears twice (first on line %2)</source>
        <translation>viivakoodi %1 on kahdesti (ensin rivillä %2)</translation>
    </message>
    <message>
        <source>%1 %2 appears twice (first on line %3)</source>
        <translation>%1 %2 on kahdesti (ensin rivillä %3)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Asiakaskortti</translation>
    </message>
    <message>
        <source>refCode</source>
        <translation>refCode</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Viivakoodi</translation>
    </message>
</context>
</TS>
