<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>BasketPanel</name>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>Remove the %n line from the basket?</numerusform>
            <numerusform>Remove all %n lines from the basket?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>Total %1   (%n item)</numerusform>
            <numerusform>Total %1   (%n items)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln products</source>
        <translation>
            <numerusform>%Ln product</numerusform>
            <numerusform>%Ln products</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln customer</numerusform>
            <numerusform>%Ln customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) rejected</source>
        <translation>
            <numerusform>%Ln row rejected</numerusform>
            <numerusform>%Ln rows rejected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... and %Ln more</numerusform>
            <numerusform>  ... and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>the %Ln row cannot be used</numerusform>
            <numerusform>none of the %Ln rows can be used</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>Imported %n row…</numerusform>
            <numerusform>Imported %n rows…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>Quit with %n line in the basket? It comes back when posapp starts again.</numerusform>
            <numerusform>Quit with %n lines in the basket? They come back when posapp starts again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>Quit with %n line in the basket? It will be lost.</numerusform>
            <numerusform>Quit with %n lines in the basket? They will be lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>%n more unknown item waits after it.</numerusform>
            <numerusform>%n more unknown items wait after it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>Today: %n order sent (%1). Pending: %2. Parked: %3.</numerusform>
            <numerusform>Today: %n orders sent (%1). Pending: %2. Parked: %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n order back in the queue.</numerusform>
            <numerusform>%n orders back in the queue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n parked order written to %1</numerusform>
            <numerusform>%n parked orders written to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n order written to %1</numerusform>
            <numerusform>%n orders written to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>The unfinished sale is back: %n line. Carry on, or void it.</numerusform>
            <numerusform>The unfinished sale is back: %n lines. Carry on, or void it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation>
            <numerusform>Pending: %n</numerusform>
            <numerusform>Pending: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation>
            <numerusform>Parked: %n</numerusform>
            <numerusform>Parked: %n</numerusform>
        </translation>
    </message>
</context>
</TS>
