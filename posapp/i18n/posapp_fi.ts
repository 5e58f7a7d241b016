<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fi_FI" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replace the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminGate</name>
    <message>
        <source>Admin PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin PIN to %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <source>Finish sale  (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change a price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>&amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the endpoint down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Import: what would change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Type the price of %1 first, or press Esc to leave it out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>posapp: till %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message>
        <source>price for one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price of the unknown item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Order queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parked: need attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The system&apos;s language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up this till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin PIN again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every command of the till and its keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TillMenus</name>
    <message>
        <source>&amp;Sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change quantity of the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the quantity before the *, as in 3*CODE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer detail name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
