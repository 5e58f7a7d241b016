<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation>cambiar los ajustes</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Guardando los ajustes…</translation>
    </message>
    <message>
        <source>replace the %1</source>
        <translation>sustituir el %1</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>Archivo CSV</translation>
    </message>
    <message>
        <source>catalog</source>
        <translation>catálogo</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>fichero de clientes</translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation>recuperar el %1 anterior</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Recuperar</translation>
    </message>
</context>
<context>
    <name>AdminGate</name>
    <message>
        <source>Admin PIN</source>
        <translation>PIN de administrador</translation>
    </message>
    <message>
        <source>Admin PIN to %1:</source>
        <translation>PIN de administrador para %1:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN incorrecto.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation>Demasiados PIN incorrectos: inténtelo de nuevo en %1 s.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation>Aún falta: %1.</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Guardando los ajustes…</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation>Último pedido</translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation>Listo para el primer cliente</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artículo</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Cant.</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Precio unidad</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Total línea</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <source>Finish sale  (F12)</source>
        <translation>Cobrar  (F12)</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Cesta</translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation>Total de la cesta</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Cobrar</translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation>Las líneas de la venta. F2 cambia la cantidad de la línea seleccionada, F3 su precio, Ctrl+Supr la quita</translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation>Guardar la venta y enviar el pedido, y empezar la venta siguiente (F12)</translation>
    </message>
    <message>
        <source>The catalog cannot be used; type the price of %1. Tell the manager: %2</source>
        <translation>El catálogo no se puede usar; escriba el precio de %1. Avise al encargado: %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Añadido: %1</translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation>Falta el precio de %1.</translation>
    </message>
    <message>
        <source>The catalog cannot be used; tell the manager: %1</source>
        <translation>El catálogo no se puede usar; avise al encargado: %1</translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation>Artículo desconocido %1: no está en el catálogo. Revise el código o llame al encargado.</translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation>No añadido: %1 (no se escribió precio).</translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation>¿Vender %1 a %2? Es poco habitual en esta tienda.</translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation>Revisar el precio</translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation>vender a %1</translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation>El precio de %1 no se ha cambiado.</translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation>Precio de %1 cambiado (marcado con ✎ en la cesta).</translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation>La cesta está vacía.</translation>
    </message>
    <message>
        <source>change a price</source>
        <translation>cambiar un precio</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>Quitado: %1</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Anular la cesta</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>¿Quitar %n línea de la cesta?</numerusform>
            <numerusform>¿Quitar las %n líneas de la cesta?</numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation>Cesta anulada.</translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>Total %1   (%n artículo)</numerusform>
            <numerusform>Total %1   (%n artículos)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln products</source>
        <translation>
            <numerusform>%Ln producto</numerusform>
            <numerusform>%Ln productos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln cliente</numerusform>
            <numerusform>%Ln clientes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) rejected</source>
        <translation>
            <numerusform>%Ln fila rechazada</numerusform>
            <numerusform>%Ln filas rechazadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... y %Ln más</numerusform>
            <numerusform>  ... y %Ln más</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>la %Ln fila no se puede usar</numerusform>
            <numerusform>ninguna de las %Ln filas se puede usar</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation>Tarjeta o n.º de cliente, y pulse Intro</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Tarjeta o n.º de cliente</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>No customer (F8)</source>
        <translation>Sin cliente (F8)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Cliente:</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>opcional</translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation>Escanee una tarjeta de fidelidad o escriba el n.º de cliente y pulse Intro</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Sin cliente</translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation>Enviar el pedido sin cliente (F8)</translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation>Dato opcional del cliente acordado con el proveedor</translation>
    </message>
    <message>
        <source>The customer directory cannot be used; tell the manager: %1</source>
        <translation>El fichero de clientes no se puede usar; avise al encargado: %1</translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation>Sin cliente: el pedido se envía sin cliente</translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation>%1: no está en el fichero de clientes; se envía tal cual. F8: sin cliente.</translation>
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
        <translation>Apagar el servidor</translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation>Demo: el servidor está apagado. Cobre una venta para verla en cola.</translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation>Demo: el servidor ha vuelto. Los pedidos en cola salen solos.</translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation>Rechazar el próximo pedido (HTTP 400)</translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation>Rechazar después las credenciales (HTTP 401)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation>Leyendo %1…</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>No se ha cambiado nada.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importando %1…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>%n fila importada…</numerusform>
            <numerusform>%n filas importadas…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation>%1 sustituido: %2 %3 de %4 (%5 añadidos, %6 quitados, %7 cambiados); se guarda el anterior.</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>No se ha cambiado nada: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Error al importar</translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation>, de %1</translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation>No hay un %1 anterior que recuperar.</translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation>¿Recuperar el %1 anterior (%2)? El actual se guarda, así que puede volver a él.</translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation>El %1 anterior ha vuelto (%2).</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Error al recuperar</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Import: what would change</source>
        <translation>Importar: qué cambiaría</translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation>Sí, sustituir de todos modos: %1</translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation>Sustituir el %1</translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation>Este archivo no puede sustituir el %1: %2.</translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation>Revise los cambios de arriba antes de sustituir la lista.</translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation>Aún no ha cambiado nada. El %1 actual se guarda y se puede recuperar desde el menú Admin.</translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation>Qué cambiaría el archivo</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation>Los mayores cambios de precio y las filas que no se pueden usar, con su línea</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation>Sustituir de todos modos</translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation>Sustituir la lista</translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation>Importar el archivo; la lista actual se guarda y se puede recuperar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>No cambiar nada</translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>catalog</source>
        <translation>catálogo</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>fichero de clientes</translation>
    </message>
    <message>
        <source>products</source>
        <translation>productos</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>clientes</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Type the price of %1 first, or press Esc to leave it out.</source>
        <translation>Escriba primero el precio de %1, o pulse Esc para dejarlo fuera.</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>NO GUARDADO: %1</translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation>Enviando ahora los pedidos en cola.</translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>¿Salir con %n línea en la cesta? Volverá cuando posapp se abra de nuevo.</numerusform>
            <numerusform>¿Salir con %n líneas en la cesta? Volverán cuando posapp se abra de nuevo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>¿Salir con %n línea en la cesta? Se perderá.</numerusform>
            <numerusform>¿Salir con %n líneas en la cesta? Se perderán.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>salir</translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation>Ajustes guardados; se aplican desde ahora.</translation>
    </message>
    <message>
        <source>posapp: till %1</source>
        <translation>posapp: caja %1</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>Motivo / último error</translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation> (posible duplicado)</translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message>
        <source>price for one</source>
        <translation>precio por unidad</translation>
    </message>
    <message>
        <source>Price of the unknown item</source>
        <translation>Precio del artículo desconocido</translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation>Dejar fuera (Esc)</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Artículo desconocido</translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation>Escriba el precio por unidad del artículo desconocido y pulse Intro; Esc lo deja fuera</translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation>Dejar fuera el artículo desconocido</translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation>El artículo desconocido no se añade a la cesta (Esc)</translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation>%1 no está en el catálogo: escriba su precio por unidad y pulse Intro.</translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>Detrás espera %n artículo desconocido más.</numerusform>
            <numerusform>Detrás esperan %n artículos desconocidos más.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Order queue</source>
        <translation>Cola de pedidos</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendientes</translation>
    </message>
    <message>
        <source>Parked: need attention</source>
        <translation>Retenidos: revisar</translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation>Enviados hoy</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Reintentar selección</translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation>Reintentar todos</translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation>Exportar retenidos…</translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation>Enviar ahora</translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation>Resumen del día (CSV)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Pedidos pendientes</translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation>Pedidos que esperan para enviarse</translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation>Pedidos retenidos</translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation>Pedidos que el servidor rechazó, con el motivo; seleccione uno para reintentarlo</translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation>Pedidos enviados hoy</translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation>Pedidos de hoy que el servidor aceptó</translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation>Resumen del día</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation>Reintentar los pedidos retenidos seleccionados</translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation>Reintentar todos los pedidos retenidos</translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation>Exportar retenidos</translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation>Guardar los pedidos retenidos en un archivo para soporte</translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation>Intentar ahora todos los pedidos pendientes</translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation>Exportar resumen del día</translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation>Guardar los pedidos de hoy en un archivo CSV para el cierre de caja</translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation>Cerrar la cola</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>Hoy: %n pedido enviado (%1). Pendientes: %2. Retenidos: %3.</numerusform>
            <numerusform>Hoy: %n pedidos enviados (%1). Pendientes: %2. Retenidos: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation>reintentar los pedidos retenidos</translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation>Seleccione primero un pedido retenido.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n pedido vuelve a la cola.</numerusform>
            <numerusform>%n pedidos vuelven a la cola.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation>Reintentando ahora todos los pedidos pendientes.</translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation>exportar los pedidos retenidos</translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation>Exportar los pedidos retenidos</translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n pedido retenido guardado en %1</numerusform>
            <numerusform>%n pedidos retenidos guardados en %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation>Exportar el resumen del día</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n pedido guardado en %1</numerusform>
            <numerusform>%n pedidos guardados en %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>La venta sin terminar ha vuelto: %n línea. Continúe o anúlela.</numerusform>
            <numerusform>La venta sin terminar ha vuelto: %n líneas. Continúe o anúlela.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation>Escanee un artículo o escriba un código (3*CÓDIGO para tres) y pulse Intro</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Código de artículo</translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation>Escanee un artículo, o escriba su código y pulse Intro; 3*CÓDIGO añade tres</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation>%1 escaneado: irá a la cesta cuando se cierre esta ventana.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>Set up this till</source>
        <translation>Configurar esta caja</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Ajustes de la caja</translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation>el token del sitio que da el proveedor</translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation>dejar vacío para conservar el token guardado</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>de 4 a 12 cifras</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>dejar vacío para conservar el PIN</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Site token</source>
        <translation>Token del sitio</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>PIN de administrador</translation>
    </message>
    <message>
        <source>Admin PIN again</source>
        <translation>Repetir PIN de administrador</translation>
    </message>
    <message>
        <source>The site token from the vendor; it is kept in the system&apos;s keyring</source>
        <translation>El token del sitio que da el proveedor; se guarda en el llavero del sistema</translation>
    </message>
    <message>
        <source>The PIN a manager types to change settings, prices and parked orders</source>
        <translation>El PIN que escribe un encargado para cambiar ajustes, precios y pedidos retenidos</translation>
    </message>
    <message>
        <source>The same PIN again, to be sure</source>
        <translation>El mismo PIN otra vez, para confirmar</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Probar la conexión</translation>
    </message>
    <message>
        <source>Ask the endpoint whether it takes these settings and the site token</source>
        <translation>Preguntar al servidor si acepta estos ajustes y el token del sitio</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Check the settings and use them from now on</source>
        <translation>Comprobar los ajustes y usarlos desde ahora</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Cerrar sin cambiar nada</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Prueba de conexión</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation>Bloqueado por el administrador en %1; solo se puede cambiar allí.</translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation>fijado para este equipo por el administrador</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Comprobando el llavero…</translation>
    </message>
    <message>
        <source>No usable keyring was found on this machine (a headless kiosk usually has none). Either give the token as the systemd credential %1 (LoadCredential=), or in the environment variable %2, or run a keyring daemon such as gnome-keyring in the session.</source>
        <translation>No se ha encontrado ningún llavero utilizable en este equipo (un quiosco sin pantalla no suele tener). Indique el token como credencial de systemd %1 (LoadCredential=), o en la variable de entorno %2, o ejecute un servicio de llavero como gnome-keyring en la sesión.</translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation>Necesario para que la caja pueda enviar pedidos.</translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation>Falta el token del sitio (o defina POSAPP_SITE_TOKEN).</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Los dos PIN no coinciden.</translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation>Escriba primero el token del sitio.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Entorno</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>Código del sitio</translation>
    </message>
    <message>
        <source>Production domain</source>
        <translation>Dominio de producción</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>URL del servidor</translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation>opcional: una URL explícita, sustituye a las tres de arriba</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>optional: http://proxy.example:3128</source>
        <translation>opcional: http://proxy.example:3128</translation>
    </message>
    <message>
        <source>Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)</source>
        <translation>Usar el proxy del entorno (HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>Certificados de confianza</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>Archivo CA de la empresa</translation>
    </message>
    <message>
        <source>optional: a .pem file, if your network inspects HTTPS</source>
        <translation>opcional: un archivo .pem, si su red inspecciona HTTPS</translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation>N.º de caja</translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation>por ejemplo REGENT-01, distinto en cada caja</translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation>Datos de la tienda (nombre = valor)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma de los pedidos</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Idioma de la caja</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Datos del cliente</translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation>claves acordadas con el proveedor, p. ej. gender, diet</translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation>Los cajeros pueden vender fuera del catálogo</translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation>Modo quiosco: pantalla completa, salir con PIN admin</translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation>Cambiar un precio pide el PIN de administrador</translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation>Cantidad máxima por línea</translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation>Total máximo por línea</translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation>Confirmar cambios de precio por encima de</translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation>Importar: máx. filas rechazadas (%)</translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation>Importar: máx. precios cambiados sin preguntar (%)</translation>
    </message>
    <message>
        <source>uat or production</source>
        <translation>uat o production</translation>
    </message>
    <message>
        <source>the site code the vendor gave you</source>
        <translation>el código del sitio que le dio el proveedor</translation>
    </message>
    <message>
        <source>peerius.com or peerius.episerver.net</source>
        <translation>peerius.com o peerius.episerver.net</translation>
    </message>
    <message>
        <source>an explicit URL; overrides the three above</source>
        <translation>una URL explícita; sustituye a las tres de arriba</translation>
    </message>
    <message>
        <source>an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none</source>
        <translation>un proxy http:// (host:puerto, quizá usuario:contraseña@) para el servidor; vacío: ninguno</translation>
    </message>
    <message>
        <source>use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)</source>
        <translation>usar HTTPS_PROXY, ALL_PROXY y NO_PROXY del entorno (el ajuste de proxy tiene prioridad)</translation>
    </message>
    <message>
        <source>which certificate authorities to trust: system (this computer&apos;s) or bundled (posapp&apos;s)</source>
        <translation>en qué autoridades de certificación confiar: system (las de este equipo) o bundled (las de posapp)</translation>
    </message>
    <message>
        <source>a PEM file of extra certificate authorities (your company CA), trusted as well</source>
        <translation>un archivo PEM con autoridades de certificación adicionales (la CA de su empresa), también de confianza</translation>
    </message>
    <message>
        <source>different on every till; starts each order number</source>
        <translation>distinto en cada caja; empieza cada número de pedido</translation>
    </message>
    <message>
        <source>sent with every order as order.attributes</source>
        <translation>se envía con cada pedido como order.attributes</translation>
    </message>
    <message>
        <source>a three-letter ISO 4217 code</source>
        <translation>un código ISO 4217 de tres letras</translation>
    </message>
    <message>
        <source>the orders&apos; language, like en-gb</source>
        <translation>el idioma de los pedidos, como en-gb</translation>
    </message>
    <message>
        <source>the window&apos;s language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine&apos;s)</source>
        <translation>el idioma de la caja: system, en, de, fr, nl, sv, da, nb, fi, es (system: el del equipo)</translation>
    </message>
    <message>
        <source>customer details agreed with the vendor</source>
        <translation>datos del cliente acordados con el proveedor</translation>
    </message>
    <message>
        <source>may the cashier sell an item that is not in the catalog, at a typed price</source>
        <translation>si el cajero puede vender un artículo que no está en el catálogo, a un precio escrito</translation>
    </message>
    <message>
        <source>full screen; closing needs the admin PIN</source>
        <translation>pantalla completa; salir pide el PIN de administrador</translation>
    </message>
    <message>
        <source>a price override needs the admin PIN</source>
        <translation>cambiar un precio pide el PIN de administrador</translation>
    </message>
    <message>
        <source>the largest quantity one line may have</source>
        <translation>la cantidad máxima que puede tener una línea</translation>
    </message>
    <message>
        <source>the largest total one line may have, in the till&apos;s currency</source>
        <translation>el total máximo que puede tener una línea, en la moneda de la caja</translation>
    </message>
    <message>
        <source>a price changed to 0 or to more than this asks for the PIN and a confirmation</source>
        <translation>un precio cambiado a 0 o a más de esto pide el PIN y una confirmación</translation>
    </message>
    <message>
        <source>an import that rejects more than this share of its rows (percent) changes nothing</source>
        <translation>una importación que rechaza más de esta parte de sus filas (porcentaje) no cambia nada</translation>
    </message>
    <message>
        <source>an import changing the price of more than this share of products (percent) asks first</source>
        <translation>una importación que cambia el precio de más de esta parte de los productos (porcentaje) pregunta antes</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>Every command of the till and its keys</source>
        <translation>Todas las acciones de la caja y sus teclas</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation>Cerrar la lista de atajos</translation>
    </message>
</context>
<context>
    <name>TillMenus</name>
    <message>
        <source>&amp;Sale</source>
        <translation>&amp;Venta</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Cobrar</translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation>Ir al campo de escaneo</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Tarjeta o n.º de cliente</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Sin cliente</translation>
    </message>
    <message>
        <source>Change quantity of the selected line</source>
        <translation>Cambiar la cantidad de la línea</translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation>Cambiar el precio de la línea</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Quitar la línea seleccionada</translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation>Anular la cesta…</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Cola</translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation>Abrir la cola de pedidos</translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation>Enviar ahora los pedidos en cola</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Ajustes…</translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation>Sustituir el catálogo con un archivo CSV…</translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation>Sustituir el fichero de clientes con un archivo CSV…</translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation>Recuperar el catálogo anterior…</translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation>Recuperar el fichero de clientes anterior…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation>Servidor: disponible</translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation>Servidor: SIN CONEXIÓN, pedidos en cola</translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation>Servidor: CREDENCIALES RECHAZADAS, llame al encargado</translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation>Envío EN PAUSA, pedidos en cola: %1</translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation>En cola aquí, no se envía desde esta ventana: %1</translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation>Servidor: aún no se ha enviado ningún pedido</translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation>%1 en cola: %2</translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation>%1 en cola: el envío está en pausa (vea la barra de estado). Llame al encargado.</translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation>Enviando %1 (%2)…</translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation>%1 en cola (sin conexión): se enviará solo</translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation>Nueva venta: escanee el siguiente artículo, F12 cobra.</translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation>%1 enviado (%2)</translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation>El proveedor no lo aceptó: %1. La venta se guarda; el encargado puede ver el motivo en la cola (F9).</translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation>%1 en cola: el servidor rechazó nuestras credenciales. Llame al encargado.</translation>
    </message>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation>
            <numerusform>Pendientes: %n</numerusform>
            <numerusform>Pendientes: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation>
            <numerusform>Retenidos: %n</numerusform>
            <numerusform>Retenidos: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation>Último pedido enviado</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation>Pedidos que el servidor rechazó. Abre la cola en ellos (F9)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Pedidos pendientes</translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation>Pedidos retenidos: abrir la cola</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation>Pedidos que el servidor rechazó. Pulse para ver por qué (F9).</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation>Último envío: %1</translation>
    </message>
    <message>
        <source>The outbox was lost or emptied on %1: orders from before may be missing; tell IT</source>
        <translation>El outbox se perdió o se vació el %1: pueden faltar pedidos anteriores; avise a informática</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Till ID must be 1 to %1 letters or digits, dashes allowed inside (for example REGENT-01), and different on every till.</source>
        <translation>El n.º de caja debe tener de 1 a %1 letras o cifras, con guiones solo en medio (por ejemplo REGENT-01), y ser distinto en cada caja.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation>%1 %2 tiene demasiados decimales: %3 admite como máximo %4.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation>%1 %2 tiene demasiados decimales: %3 no admite decimales.</translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation>%1 %2 no es un importe; escríbalo como 12.50.</translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation>%1 %2 es demasiado largo: como máximo %3 caracteres.</translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation>%1 no puede ser negativo.</translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation>%1 contiene un carácter invisible o que cambia la dirección del texto (%2, %3)%4.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation>%1 contiene caracteres no imprimibles (%2)%3.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation>%1 contiene caracteres no imprimibles%2.</translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation>%1 está vacío%2.</translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation>Falta %1; escanee o escriba el código.</translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation>%1 no es un n.º de cliente: use letras, cifras, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; o &apos;-&apos; (como máximo %2).</translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation>%1 no es un número que una caja pueda usar (demasiadas cifras o un exponente enorme).</translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation>%1 no es texto Unicode válido (un sustituto suelto %2)%3.</translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation>%1 es demasiado grande para una caja; revise el importe.</translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation>%1 debe ser un importe, como 12.50.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 debe ser texto.</translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation>La moneda %1 no es un código que esta caja conozca: use un código ISO 4217 de tres letras, como GBP, EUR o USD.</translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation>El n.º de cliente está vacío; escanee la tarjeta de cliente o escriba el número.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Línea %1: %2</translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation>No se escaneó nada; escanee o escriba un código de artículo.</translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation>La cantidad supera %1; revise el número.</translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation>La cantidad debe ser un número entero de artículos, como 1 o 3.</translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation>La cantidad debe ser al menos 1; quite la línea en su lugar.</translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation>La cantidad sería %1, más de %2; revise el número.</translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation>Esa línea ya no está en la cesta.</translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation>Parece una dirección de correo. Los correos nunca se envían: escanee la tarjeta de cliente o escriba el n.º de cliente.</translation>
    </message>
    <message>
        <source>Write the quantity before the *, as in 3*CODE.</source>
        <translation>Escriba la cantidad antes del *, como en 3*CÓDIGO.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Código de artículo</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Customer detail name</source>
        <translation>Nombre del dato de cliente</translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation>; escanee o escriba el código</translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation> (¿fallo del escáner?); escanéelo de nuevo</translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation>credenciales rechazadas: el servidor rechazó el sitio o el token del sitio</translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation>no hay token del sitio</translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation>en pausa por el operador</translation>
    </message>
    <message>
        <source>another posapp (process %1) is already delivering from this outbox; orders stay queued and that one will send them</source>
        <translation>otro posapp (proceso %1) ya envía desde esta cola; los pedidos siguen en cola y ese los enviará</translation>
    </message>
    <message>
        <source>the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: the orders stay queued; tell IT</source>
        <translation>el bloqueo de envío %1 no se puede usar (%2); hasta entonces esta caja no envía nada: los pedidos siguen en cola; avise a informática</translation>
    </message>
    <message>
        <source>The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops.</source>
        <translation>La venta en curso no se puede guardar en %1 (%2); se pierde si posapp se detiene.</translation>
    </message>
    <message>
        <source>The outbox %1 cannot be used: %2 (%3); %4.</source>
        <translation>La cola de envío %1 no se puede usar: %2 (%3); %4.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is almost full: the sale is not taken; tell IT (%1 MB free).</source>
        <translation>El disco de la caja está casi lleno: la venta no se registra; avise a informática (%1 MB libres).</translation>
    </message>
    <message>
        <source>tell IT to check the disk; keep the file, never delete it</source>
        <translation>pida a informática que revise el disco; conserve el archivo, no lo borre nunca</translation>
    </message>
    <message>
        <source>the orders already in it are safe and stay queued; tell IT</source>
        <translation>los pedidos que contiene están a salvo y siguen en cola; avise a informática</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>el disco está lleno</translation>
    </message>
    <message>
        <source>the profile is read-only</source>
        <translation>el perfil es de solo lectura</translation>
    </message>
    <message>
        <source>the disk failed to read or write (input/output error)</source>
        <translation>el disco no pudo leer ni escribir (error de entrada/salida)</translation>
    </message>
    <message>
        <source>it cannot be opened (is something else where the file or its folder belongs?)</source>
        <translation>no se puede abrir (¿hay otra cosa donde va el archivo o su carpeta?)</translation>
    </message>
    <message>
        <source>The endpoint refused the site code or the site token: check both.</source>
        <translation>El servidor rechazó el código del sitio o el token del sitio: revise ambos.</translation>
    </message>
    <message>
        <source>Connected: the site and token were accepted. The endpoint refused the empty test order, as it should, so nothing was recorded.</source>
        <translation>Conectado: el sitio y el token fueron aceptados. El servidor rechazó el pedido de prueba vacío, como debe, así que no se registró nada.</translation>
    </message>
    <message>
        <source>Connected, but the endpoint accepted an empty order; tell the vendor.</source>
        <translation>Conectado, pero el servidor aceptó un pedido vacío; avise al proveedor.</translation>
    </message>
    <message>
        <source>No answer from the endpoint (%1). Check the network, the environment and the site name or endpoint URL.</source>
        <translation>El servidor no responde (%1). Revise la red, el entorno y el nombre del sitio o la URL del servidor.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not trusted by this till: if your network inspects HTTPS, add your company CA file in Settings &gt; Network</source>
        <translation>Esta caja no confía en el certificado del servidor: si su red inspecciona HTTPS, añada el archivo CA de la empresa en Ajustes &gt; Red</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) has expired; if the date on this till is wrong, correct it, otherwise tell the vendor</source>
        <translation>El certificado del servidor (%1) ha caducado; si la fecha de esta caja es incorrecta, corríjala; si no, avise al proveedor</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) is not valid yet: check the date and time on this till</source>
        <translation>El certificado del servidor (%1) aún no es válido: revise la fecha y la hora de esta caja</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not for %1: check the endpoint URL, or whether your network sends HTTPS elsewhere</source>
        <translation>El certificado del servidor no es para %1: revise la URL del servidor, o si su red desvía el HTTPS a otro sitio</translation>
    </message>
    <message>
        <source>The proxy at %1 did not answer: check the proxy setting and the network</source>
        <translation>El proxy en %1 no responde: revise el ajuste del proxy y la red</translation>
    </message>
    <message>
        <source>The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)</source>
        <translation>El proxy en %1 rechazó el usuario y la contraseña del ajuste del proxy (HTTP 407)</translation>
    </message>
    <message>
        <source>The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as http://user:password@host:port</source>
        <translation>El proxy en %1 pide usuario y contraseña (HTTP 407): indique el proxy como http://user:password@host:port</translation>
    </message>
    <message>
        <source>The proxy at %1 would not connect to the endpoint (HTTP %2)</source>
        <translation>El proxy en %1 no quiso conectar con el servidor (HTTP %2)</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregado</translation>
    </message>
    <message>
        <source>delivered with warnings</source>
        <translation>entregado con avisos</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rechazado</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>credenciales rechazadas</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>error pasajero</translation>
    </message>
    <message>
        <source>unknown outcome</source>
        <translation>resultado desconocido</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>retry after %1 s</source>
        <translation>nuevo intento en %1 s</translation>
    </message>
    <message>
        <source>%1 in %2: %3 added, %4 removed, %5; %6 (%7)</source>
        <translation>%1 en %2: %3 añadidos, %4 eliminados, %5; %6 (%7)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 with a new price</source>
        <translation>%1 con precio nuevo</translation>
    </message>
    <message>
        <source>%1 with a new customer ID</source>
        <translation>%1 con n.º de cliente nuevo</translation>
    </message>
    <message>
        <source>%1 with a new %2</source>
        <translation>%1 con %2 nuevo</translation>
    </message>
    <message>
        <source>the catalog has %1 now</source>
        <translation>el catálogo tiene %1 ahora</translation>
    </message>
    <message>
        <source>the customer directory has %1 now</source>
        <translation>el fichero de clientes tiene %1 ahora</translation>
    </message>
    <message>
        <source>the %1 has %2 now</source>
        <translation>%1 tiene %2 ahora</translation>
    </message>
    <message>
        <source>Largest price changes:</source>
        <translation>Mayores cambios de precio:</translation>
    </message>
    <message>
        <source>Largest customer ID changes:</source>
        <translation>Mayores cambios de n.º de cliente:</translation>
    </message>
    <message>
        <source>Largest %1 changes:</source>
        <translation>Mayores cambios de %1:</translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3%4</source>
        <translation>  %1: %2 -&gt; %3%4</translation>
    </message>
    <message>
        <source>Rejected rows:</source>
        <translation>Filas rechazadas:</translation>
    </message>
    <message>
        <source>  line %1: %2</source>
        <translation>  línea %1: %2</translation>
    </message>
    <message>
        <source>the file has no products</source>
        <translation>el archivo no contiene productos</translation>
    </message>
    <message>
        <source>the file has no customers</source>
        <translation>el archivo no contiene clientes</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, or allow more)</source>
        <translation>%1 de %2 filas (%3) no se pueden usar y se perderían (se admite como máximo un %4 %; corrija esas filas o permita más)</translation>
    </message>
    <message>
        <source>the catalog would shrink from %1 to %2 products</source>
        <translation>el catálogo pasaría de %1 a %2 productos</translation>
    </message>
    <message>
        <source>the customer directory would shrink from %1 to %2 customers</source>
        <translation>el fichero de clientes pasaría de %1 a %2 clientes</translation>
    </message>
    <message>
        <source>%1 of %2 products would change price (%3; more than %4%)</source>
        <translation>%1 de %2 productos cambiarían de precio (%3; más del %4 %)</translation>
    </message>
    <message>
        <source>%1 of %2 customers would change customer ID (%3; more than %4%)</source>
        <translation>%1 de %2 clientes cambiarían de n.º de cliente (%3; más del %4 %)</translation>
    </message>
    <message>
        <source>The proxy must be an http:// URL, like http://proxy.example:3128 (not %1).</source>
        <translation>El proxy debe ser una dirección http://, como http://proxy.example:3128 (no %1).</translation>
    </message>
    <message>
        <source>The proxy needs a host and a port, like http://proxy.example:3128 (not %1).</source>
        <translation>El proxy necesita un host y un puerto, como http://proxy.example:3128 (no %1).</translation>
    </message>
    <message>
        <source>The proxy is only http://host:port, with no path after it (not %1).</source>
        <translation>El proxy es solo http://host:puerto, sin ruta detrás (no %1).</translation>
    </message>
    <message>
        <source>The proxy in the environment cannot be used: %1</source>
        <translation>El proxy del entorno no se puede usar: %1</translation>
    </message>
    <message>
        <source>certificates must be system (the trust store of this computer) or bundled (the list that ships with posapp).</source>
        <translation>certificates debe ser system (el almacén de certificados de este equipo) o bundled (la lista que trae posapp).</translation>
    </message>
    <message>
        <source>The CA file&apos;s name cannot be printed; type the path again.</source>
        <translation>El nombre del archivo CA tiene caracteres no imprimibles; escriba de nuevo la ruta.</translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>El archivo CA %1 no existe.</translation>
    </message>
    <message>
        <source>The CA file %1 is a folder, not a file.</source>
        <translation>El archivo CA %1 es una carpeta, no un archivo.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2).</source>
        <translation>El archivo CA %1 no se puede leer (%2).</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----).</source>
        <translation>El archivo CA %1 no contiene certificados PEM (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The CA file %1 is damaged: its PEM certificates cannot be read.</source>
        <translation>El archivo CA %1 está dañado: sus certificados PEM no se pueden leer.</translation>
    </message>
    <message>
        <source>needs refCode, name and price</source>
        <translation>necesita refCode, nombre y precio</translation>
    </message>
    <message>
        <source>needs card (or email) and customerId</source>
        <translation>necesita tarjeta (o correo electrónico) y customerId</translation>
    </message>
    <message>
        <source>barcode %1 must be digits (EAN)</source>
        <translation>el código de barras %1 debe ser de dígitos (EAN)</translation>
    </message>
    <message>
        <source>refCode %1 appears twice (first on line %2)</source>
        <translation>el refCode %1 aparece dos veces (primero en la línea %2)</translation>
    </message>
    <message>
        <source>barcode %1 appears twice (first on line %2)</source>
        <translation>el código de barras %1 aparece dos veces (primero en la línea %2)</translation>
    </message>
    <message>
        <source>%1 %2 appears twice (first on line %3)</source>
        <translation>%1 %2 aparece dos veces (primero en la línea %3)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>refCode</source>
        <translation>refCode</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Código de barras</translation>
    </message>
</context>
</TS>
