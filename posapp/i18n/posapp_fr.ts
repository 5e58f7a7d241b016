<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <source>change the settings</source>
        <translation>modifier les réglages</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Enregistrement des réglages…</translation>
    </message>
    <message>
        <source>replace the %1</source>
        <translation>remplacer le %1</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>Fichier CSV</translation>
    </message>
    <message>
        <source>catalog</source>
        <translation>catalogue</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>fichier clients</translation>
    </message>
    <message>
        <source>restore the previous %1</source>
        <translation>restaurer le %1 précédent</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurer</translation>
    </message>
</context>
<context>
    <name>AdminGate</name>
    <message>
        <source>Admin PIN</source>
        <translation>PIN admin</translation>
    </message>
    <message>
        <source>Admin PIN to %1:</source>
        <translation>PIN admin pour %1&#xa0;:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN incorrect.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: try again in %1 s.</source>
        <translation>Trop de PIN incorrects&#xa0;: réessayez dans %1 s.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Still needed: %1.</source>
        <translation>Il manque encore&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>Enregistrement des réglages…</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Last order</source>
        <translation>Dernière commande</translation>
    </message>
    <message>
        <source>Ready for the first customer</source>
        <translation>Prêt pour le premier client</translation>
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
        <translation>Article</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>Total ligne</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <source>Finish sale  (F12)</source>
        <translation>Encaisser  (F12)</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Panier</translation>
    </message>
    <message>
        <source>Basket total</source>
        <translation>Total du panier</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Encaisser</translation>
    </message>
    <message>
        <source>The lines of the sale. F2 changes the quantity of the selected line, F3 its price, Ctrl+Del removes it</source>
        <translation>Les lignes de la vente. F2 modifie la quantité de la ligne sélectionnée, F3 son prix, Ctrl+Suppr la retire</translation>
    </message>
    <message>
        <source>Save the sale and send the order, then start the next sale (F12)</source>
        <translation>Enregistrer la vente et envoyer la commande, puis commencer la vente suivante (F12)</translation>
    </message>
    <message>
        <source>The catalog cannot be used; type the price of %1. Tell the manager: %2</source>
        <translation>Le catalogue est inutilisable ; saisissez le prix de %1. Prévenez le responsable : %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Ajouté&#xa0;: %1</translation>
    </message>
    <message>
        <source>Waiting for the price of %1.</source>
        <translation>Prix de %1 en attente.</translation>
    </message>
    <message>
        <source>The catalog cannot be used; tell the manager: %1</source>
        <translation>Le catalogue est inutilisable ; prévenez le responsable : %1</translation>
    </message>
    <message>
        <source>Unknown item %1: it is not in the catalog. Check the code or call the manager.</source>
        <translation>Article inconnu %1&#xa0;: absent du catalogue. Vérifiez le code ou appelez le responsable.</translation>
    </message>
    <message>
        <source>Not added: %1 (no price was typed).</source>
        <translation>Non ajouté&#xa0;: %1 (aucun prix saisi).</translation>
    </message>
    <message>
        <source>Sell %1 at %2? That is unusual for this store.</source>
        <translation>Vendre %1 à %2&#xa0;? C&apos;est inhabituel pour ce magasin.</translation>
    </message>
    <message>
        <source>Check the price</source>
        <translation>Vérifier le prix</translation>
    </message>
    <message>
        <source>sell at %1</source>
        <translation>vendre à %1</translation>
    </message>
    <message>
        <source>The price of %1 was not changed.</source>
        <translation>Le prix de %1 n&apos;a pas été modifié.</translation>
    </message>
    <message>
        <source>Price of %1 changed (marked ✎ in the basket).</source>
        <translation>Prix de %1 modifié (marqué ✎ dans le panier).</translation>
    </message>
    <message>
        <source>The basket is empty.</source>
        <translation>Le panier est vide.</translation>
    </message>
    <message>
        <source>change a price</source>
        <translation>modifier un prix</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>Retiré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Void the basket</source>
        <translation>Annuler le panier</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n line(s) from the basket?</source>
        <translation>
            <numerusform>Retirer %n ligne du panier&#xa0;?</numerusform>
            <numerusform>Retirer les %n lignes du panier&#xa0;?</numerusform>
        </translation>
    </message>
    <message>
        <source>Basket voided.</source>
        <translation>Panier annulé.</translation>
    </message>
    <message numerus="yes">
        <source>Total %1   (%n item(s))</source>
        <translation>
            <numerusform>Total %1   (%n article)</numerusform>
            <numerusform>Total %1   (%n articles)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln products</source>
        <translation>
            <numerusform>%Ln produit</numerusform>
            <numerusform>%Ln produits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln client</numerusform>
            <numerusform>%Ln clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) rejected</source>
        <translation>
            <numerusform>%Ln ligne refusée</numerusform>
            <numerusform>%Ln lignes refusées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  ... and %Ln more</source>
        <translation>
            <numerusform>  ... et %Ln autre</numerusform>
            <numerusform>  ... et %Ln autres</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>none of the %Ln rows can be used</source>
        <translation>
            <numerusform>aucune ligne utilisable sur %Ln</numerusform>
            <numerusform>aucune ligne utilisable sur %Ln</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Scan loyalty card or type customer ID, then Enter</source>
        <translation>Carte de fidélité ou n° client, puis Entrée</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Carte ou n° client</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>No customer (F8)</source>
        <translation>Sans client (F8)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Client&#xa0;:</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>Scan a loyalty card or type the customer ID, then press Enter</source>
        <translation>Scannez une carte de fidélité ou saisissez le n° client, puis appuyez sur Entrée</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Sans client</translation>
    </message>
    <message>
        <source>Send the order without a customer (F8)</source>
        <translation>Envoyer la commande sans client (F8)</translation>
    </message>
    <message>
        <source>Optional customer detail agreed with the vendor</source>
        <translation>Info client facultative convenue avec l&apos;éditeur</translation>
    </message>
    <message>
        <source>The customer directory cannot be used; tell the manager: %1</source>
        <translation>Le fichier clients est inutilisable ; prévenez le responsable : %1</translation>
    </message>
    <message>
        <source>No customer: the order is sent without one</source>
        <translation>Sans client&#xa0;: la commande part sans client</translation>
    </message>
    <message>
        <source>%1: not in the customer directory; sent as typed. F8: no customer.</source>
        <translation>%1&#xa0;: absent du fichier clients&#xa0;; envoyé tel quel. F8&#xa0;: sans client.</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>&amp;Demo</source>
        <translation>&amp;Démo</translation>
    </message>
    <message>
        <source>Take the endpoint down</source>
        <translation>Couper le serveur</translation>
    </message>
    <message>
        <source>Demo: the endpoint is down. Finish a sale to see it queued.</source>
        <translation>Démo&#xa0;: le serveur est coupé. Encaissez une vente pour la voir en attente.</translation>
    </message>
    <message>
        <source>Demo: the endpoint is back. Queued orders go out by themselves.</source>
        <translation>Démo&#xa0;: le serveur est revenu. Les commandes en attente partent seules.</translation>
    </message>
    <message>
        <source>Refuse the next order (HTTP 400)</source>
        <translation>Refuser la prochaine commande (HTTP 400)</translation>
    </message>
    <message>
        <source>Refuse the credentials next (HTTP 401)</source>
        <translation>Refuser ensuite les identifiants (HTTP 401)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Import de %1…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s)…</source>
        <translation>
            <numerusform>%n ligne importée…</numerusform>
            <numerusform>%n lignes importées…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replaced: %2 %3 from %4 (%5 added, %6 removed, %7 changed); the previous one is kept.</source>
        <translation>%1 remplacé&#xa0;: %2 %3 depuis %4 (%5 ajoutés, %6 retirés, %7 modifiés)&#xa0;; le précédent est conservé.</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Rien n&apos;a été modifié&#xa0;: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Échec de l&apos;import</translation>
    </message>
    <message>
        <source>, from %1</source>
        <translation>, depuis %1</translation>
    </message>
    <message>
        <source>There is no previous %1 to restore.</source>
        <translation>Il n&apos;y a pas de %1 précédent à restaurer.</translation>
    </message>
    <message>
        <source>Bring back the previous %1 (%2)? The current one is kept, so you can switch back.</source>
        <translation>Revenir au %1 précédent (%2)&#xa0;? L&apos;actuel est conservé, vous pourrez y revenir.</translation>
    </message>
    <message>
        <source>The previous %1 is back (%2).</source>
        <translation>Le %1 précédent est de retour (%2).</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Échec de la restauration</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Import: what would change</source>
        <translation>Import&#xa0;: ce qui changerait</translation>
    </message>
    <message>
        <source>Yes, replace it anyway: %1</source>
        <translation>Oui, remplacer quand même&#xa0;: %1</translation>
    </message>
    <message>
        <source>Replace the %1</source>
        <translation>Remplacer le %1</translation>
    </message>
    <message>
        <source>This file cannot replace the %1: %2.</source>
        <translation>Ce fichier ne peut pas remplacer le %1&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Check the changes above before you replace the list.</source>
        <translation>Vérifiez les changements ci-dessus avant de remplacer la liste.</translation>
    </message>
    <message>
        <source>Nothing has changed yet. The current %1 will be kept and can be restored from the Admin menu.</source>
        <translation>Rien n&apos;a encore changé. Le %1 actuel sera conservé et pourra être restauré depuis le menu Admin.</translation>
    </message>
    <message>
        <source>What the file would change</source>
        <translation>Ce que le fichier changerait</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>The largest price changes and the rows that cannot be used, with their line</source>
        <translation>Les plus grands changements de prix et les lignes inutilisables, avec leur numéro</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Replace it anyway</source>
        <translation>Remplacer quand même</translation>
    </message>
    <message>
        <source>Replace the list</source>
        <translation>Remplacer la liste</translation>
    </message>
    <message>
        <source>Import the file; the current list is kept and can be restored</source>
        <translation>Importer le fichier&#xa0;; la liste actuelle est conservée et peut être restaurée</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>Ne rien changer</translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>catalog</source>
        <translation>catalogue</translation>
    </message>
    <message>
        <source>customer directory</source>
        <translation>fichier clients</translation>
    </message>
    <message>
        <source>products</source>
        <translation>produits</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>clients</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Type the price of %1 first, or press Esc to leave it out.</source>
        <translation>Saisissez d&apos;abord le prix de %1, ou Échap pour l&apos;écarter.</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>NON ENREGISTRÉ&#xa0;: %1</translation>
    </message>
    <message>
        <source>Sending waiting orders now.</source>
        <translation>Envoi des commandes en attente.</translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They come back when posapp starts again.</source>
        <translation>
            <numerusform>Quitter avec %n ligne dans le panier&#xa0;? Elle reviendra au prochain démarrage de posapp.</numerusform>
            <numerusform>Quitter avec %n lignes dans le panier&#xa0;? Elles reviendront au prochain démarrage de posapp.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit with %n line(s) in the basket? They will be lost.</source>
        <translation>
            <numerusform>Quitter avec %n ligne dans le panier&#xa0;? Elle sera perdue.</numerusform>
            <numerusform>Quitter avec %n lignes dans le panier&#xa0;? Elles seront perdues.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>quitter</translation>
    </message>
    <message>
        <source>Settings saved; they apply from now on.</source>
        <translation>Réglages enregistrés&#xa0;; ils s&apos;appliquent dès maintenant.</translation>
    </message>
    <message>
        <source>posapp: till %1</source>
        <translation>posapp&#xa0;: caisse %1</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyée</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Essais</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>Motif / dernière erreur</translation>
    </message>
    <message>
        <source> (possibly duplicated)</source>
        <translation> (doublon possible)</translation>
    </message>
</context>
<context>
    <name>PricePrompt</name>
    <message>
        <source>price for one</source>
        <translation>prix unitaire</translation>
    </message>
    <message>
        <source>Price of the unknown item</source>
        <translation>Prix de l&apos;article inconnu</translation>
    </message>
    <message>
        <source>Leave it out (Esc)</source>
        <translation>Écarter (Échap)</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Article inconnu</translation>
    </message>
    <message>
        <source>Type the price of one of the unknown item, then Enter; Esc leaves it out</source>
        <translation>Saisissez le prix unitaire de l&apos;article inconnu, puis Entrée&#xa0;; Échap l&apos;écarte</translation>
    </message>
    <message>
        <source>Leave the unknown item out</source>
        <translation>Écarter l&apos;article inconnu</translation>
    </message>
    <message>
        <source>The unknown item is not added to the basket (Esc)</source>
        <translation>L&apos;article inconnu n&apos;est pas ajouté au panier (Échap)</translation>
    </message>
    <message>
        <source>%1 is not in the catalog: type its price for one, then Enter.</source>
        <translation>%1 n&apos;est pas au catalogue&#xa0;: saisissez son prix unitaire, puis Entrée.</translation>
    </message>
    <message numerus="yes">
        <source>%n more unknown item(s) wait after it.</source>
        <translation>
            <numerusform>Encore %n article inconnu après celui-ci.</numerusform>
            <numerusform>Encore %n articles inconnus après celui-ci.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Order queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>À envoyer</translation>
    </message>
    <message>
        <source>Parked: need attention</source>
        <translation>Bloquées&#xa0;: à vérifier</translation>
    </message>
    <message>
        <source>Sent today</source>
        <translation>Envoyées aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Renvoyer sélection</translation>
    </message>
    <message>
        <source>Retry all parked</source>
        <translation>Renvoyer tout</translation>
    </message>
    <message>
        <source>Export parked…</source>
        <translation>Exporter bloquées…</translation>
    </message>
    <message>
        <source>Flush now</source>
        <translation>Envoyer la file</translation>
    </message>
    <message>
        <source>Export day summary (CSV)…</source>
        <translation>Résumé du jour (CSV)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Commandes à envoyer</translation>
    </message>
    <message>
        <source>Orders waiting to be sent</source>
        <translation>Commandes en attente d&apos;envoi</translation>
    </message>
    <message>
        <source>Parked orders</source>
        <translation>Commandes bloquées</translation>
    </message>
    <message>
        <source>Orders the endpoint refused, with its reason; select one to retry it</source>
        <translation>Commandes refusées par le serveur, avec le motif&#xa0;; sélectionnez-en une pour la renvoyer</translation>
    </message>
    <message>
        <source>Orders sent today</source>
        <translation>Commandes envoyées aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Today&apos;s orders the endpoint took</source>
        <translation>Commandes du jour acceptées par le serveur</translation>
    </message>
    <message>
        <source>Today&apos;s summary</source>
        <translation>Résumé du jour</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Send the selected parked orders again</source>
        <translation>Renvoyer les commandes bloquées sélectionnées</translation>
    </message>
    <message>
        <source>Send every parked order again</source>
        <translation>Renvoyer toutes les commandes bloquées</translation>
    </message>
    <message>
        <source>Export parked</source>
        <translation>Exporter bloquées</translation>
    </message>
    <message>
        <source>Save the parked orders to a file for support</source>
        <translation>Enregistrer les commandes bloquées dans un fichier pour le support</translation>
    </message>
    <message>
        <source>Try every pending order now</source>
        <translation>Essayer maintenant toutes les commandes en attente</translation>
    </message>
    <message>
        <source>Export day summary</source>
        <translation>Exporter le résumé du jour</translation>
    </message>
    <message>
        <source>Save today&apos;s orders as a CSV file for the end-of-day close</source>
        <translation>Enregistrer les commandes du jour dans un fichier CSV pour la clôture de caisse</translation>
    </message>
    <message>
        <source>Close the queue</source>
        <translation>Fermer la file d&apos;attente</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n order(s) sent (%1). Pending: %2. Parked: %3.</source>
        <translation>
            <numerusform>Aujourd&apos;hui&#xa0;: %n commande envoyée (%1). À envoyer&#xa0;: %2. Bloquées&#xa0;: %3.</numerusform>
            <numerusform>Aujourd&apos;hui&#xa0;: %n commandes envoyées (%1). À envoyer&#xa0;: %2. Bloquées&#xa0;: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>retry parked orders</source>
        <translation>renvoyer les commandes bloquées</translation>
    </message>
    <message>
        <source>Select a parked order first.</source>
        <translation>Sélectionnez d&apos;abord une commande bloquée.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) back in the queue.</source>
        <translation>
            <numerusform>%n commande remise dans la file.</numerusform>
            <numerusform>%n commandes remises dans la file.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying every pending order now.</source>
        <translation>Nouvel essai de toutes les commandes en attente.</translation>
    </message>
    <message>
        <source>export parked orders</source>
        <translation>exporter les commandes bloquées</translation>
    </message>
    <message>
        <source>Export parked orders</source>
        <translation>Exporter les commandes bloquées</translation>
    </message>
    <message numerus="yes">
        <source>%n parked order(s) written to %1</source>
        <translation>
            <numerusform>%n commande bloquée écrite dans %1</numerusform>
            <numerusform>%n commandes bloquées écrites dans %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Export the day&apos;s summary</source>
        <translation>Exporter le résumé du jour</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) written to %1</source>
        <translation>
            <numerusform>%n commande écrite dans %1</numerusform>
            <numerusform>%n commandes écrites dans %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleKeeper</name>
    <message numerus="yes">
        <source>The unfinished sale is back: %n line(s). Carry on, or void it.</source>
        <translation>
            <numerusform>La vente non terminée est de retour&#xa0;: %n ligne. Continuez ou annulez-la.</numerusform>
            <numerusform>La vente non terminée est de retour&#xa0;: %n lignes. Continuez ou annulez-la.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanField</name>
    <message>
        <source>Scan an item, or type a code (3*CODE for three) and Enter</source>
        <translation>Scannez un article ou saisissez un code (3*CODE pour trois), puis Entrée</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Code article</translation>
    </message>
    <message>
        <source>Scan an item, or type its code and press Enter; 3*CODE adds three</source>
        <translation>Scannez un article, ou saisissez son code puis Entrée&#xa0;; 3*CODE en ajoute trois</translation>
    </message>
</context>
<context>
    <name>Scanner</name>
    <message>
        <source>Scanned %1: it goes into the basket when this window closes.</source>
        <translation>%1 scanné&#xa0;: il ira dans le panier à la fermeture de cette fenêtre.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The system&apos;s language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Set up this till</source>
        <translation>Configurer cette caisse</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Réglages de la caisse</translation>
    </message>
    <message>
        <source>the site token from the vendor</source>
        <translation>le jeton du site fourni par l&apos;éditeur</translation>
    </message>
    <message>
        <source>leave empty to keep the stored token</source>
        <translation>laisser vide pour garder le jeton enregistré</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>4 à 12 chiffres</translation>
    </message>
    <message>
        <source>leave empty to keep the PIN</source>
        <translation>laisser vide pour garder le PIN</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
    <message>
        <source>Site token</source>
        <translation>Jeton du site</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>PIN admin</translation>
    </message>
    <message>
        <source>Admin PIN again</source>
        <translation>PIN admin (confirmation)</translation>
    </message>
    <message>
        <source>The site token from the vendor; it is kept in the system&apos;s keyring</source>
        <translation>Le jeton du site fourni par l&apos;éditeur&#xa0;; il est gardé dans le trousseau du système</translation>
    </message>
    <message>
        <source>The PIN a manager types to change settings, prices and parked orders</source>
        <translation>Le PIN qu&apos;un responsable saisit pour modifier réglages, prix et commandes bloquées</translation>
    </message>
    <message>
        <source>The same PIN again, to be sure</source>
        <translation>Le même PIN une seconde fois, pour confirmer</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Ask the endpoint whether it takes these settings and the site token</source>
        <translation>Demander au serveur s&apos;il accepte ces réglages et le jeton du site</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Check the settings and use them from now on</source>
        <translation>Vérifier les réglages et les utiliser dès maintenant</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Close without changing anything</source>
        <translation>Fermer sans rien modifier</translation>
    </message>
    <message>
        <source>Connection check</source>
        <translation>Test de connexion</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>Locked by the administrator in %1; it can only be changed there.</source>
        <translation>Verrouillé par l&apos;administrateur dans %1&#xa0;; modifiable seulement là.</translation>
    </message>
    <message>
        <source>set for this machine by the administrator</source>
        <translation>fixé pour ce poste par l&apos;administrateur</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Vérification du trousseau…</translation>
    </message>
    <message>
        <source>No usable keyring was found on this machine (a headless kiosk usually has none). Either give the token as the systemd credential %1 (LoadCredential=), or in the environment variable %2, or run a keyring daemon such as gnome-keyring in the session.</source>
        <translation>Aucun trousseau utilisable n&apos;a été trouvé sur cette machine (un kiosque sans écran n&apos;en a généralement pas). Donnez le jeton soit comme identifiant systemd %1 (LoadCredential=), soit dans la variable d&apos;environnement %2, soit lancez un service de trousseau comme gnome-keyring dans la session.</translation>
    </message>
    <message>
        <source>Needed before the till can send orders.</source>
        <translation>Requis pour que la caisse envoie des commandes.</translation>
    </message>
    <message>
        <source>The site token is needed (or set POSAPP_SITE_TOKEN).</source>
        <translation>Le jeton du site est requis (ou définissez POSAPP_SITE_TOKEN).</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Les deux PIN sont différents.</translation>
    </message>
    <message>
        <source>Type the site token first.</source>
        <translation>Saisissez d&apos;abord le jeton du site.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>Code du site</translation>
    </message>
    <message>
        <source>Production domain</source>
        <translation>Domaine de production</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>URL du serveur</translation>
    </message>
    <message>
        <source>optional: an explicit URL, overrides the three above</source>
        <translation>facultatif&#xa0;: une URL explicite, remplace les trois ci-dessus</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>optional: http://proxy.example:3128</source>
        <translation>facultatif&#xa0;: http://proxy.example:3128</translation>
    </message>
    <message>
        <source>Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)</source>
        <translation>Proxy de l&apos;environnement (HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>Trusted certificates</source>
        <translation>Certificats de confiance</translation>
    </message>
    <message>
        <source>Company CA file</source>
        <translation>Fichier CA de l&apos;entreprise</translation>
    </message>
    <message>
        <source>optional: a .pem file, if your network inspects HTTPS</source>
        <translation>facultatif&#xa0;: un fichier .pem, si votre réseau inspecte le HTTPS</translation>
    </message>
    <message>
        <source>Till ID</source>
        <translation>N° de caisse</translation>
    </message>
    <message>
        <source>for example REGENT-01, different on every till</source>
        <translation>par exemple REGENT-01, différent sur chaque caisse</translation>
    </message>
    <message>
        <source>Store details (name = value)</source>
        <translation>Infos magasin (nom = valeur)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue des commandes</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Langue de la caisse</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Infos client</translation>
    </message>
    <message>
        <source>keys agreed with the vendor, e.g. gender, diet</source>
        <translation>clés convenues avec l&apos;éditeur, p. ex. gender, diet</translation>
    </message>
    <message>
        <source>Cashiers may sell items that are not in the catalog</source>
        <translation>Les caissiers peuvent vendre hors catalogue</translation>
    </message>
    <message>
        <source>Kiosk mode: full screen, closing needs the admin PIN</source>
        <translation>Mode kiosque&#xa0;: plein écran, fermeture par PIN admin</translation>
    </message>
    <message>
        <source>A price override needs the admin PIN</source>
        <translation>Modifier un prix demande le PIN admin</translation>
    </message>
    <message>
        <source>Largest quantity per line</source>
        <translation>Quantité max. par ligne</translation>
    </message>
    <message>
        <source>Largest line total</source>
        <translation>Total max. par ligne</translation>
    </message>
    <message>
        <source>Confirm price changes above</source>
        <translation>Confirmer les changements de prix au-delà de</translation>
    </message>
    <message>
        <source>Import: most rows it may reject (%)</source>
        <translation>Import&#xa0;: lignes rejetées au plus (%)</translation>
    </message>
    <message>
        <source>Import: most prices it may change without asking (%)</source>
        <translation>Import&#xa0;: prix modifiés sans confirmation au plus (%)</translation>
    </message>
    <message>
        <source>uat or production</source>
        <translation>uat ou production</translation>
    </message>
    <message>
        <source>the site code the vendor gave you</source>
        <translation>le code du site fourni par l&apos;éditeur</translation>
    </message>
    <message>
        <source>peerius.com or peerius.episerver.net</source>
        <translation>peerius.com ou peerius.episerver.net</translation>
    </message>
    <message>
        <source>an explicit URL; overrides the three above</source>
        <translation>une URL explicite&#xa0;; remplace les trois ci-dessus</translation>
    </message>
    <message>
        <source>an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none</source>
        <translation>un proxy http:// (hôte:port, éventuellement utilisateur:motdepasse@) vers le serveur&#xa0;; vide&#xa0;: aucun</translation>
    </message>
    <message>
        <source>use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)</source>
        <translation>utiliser HTTPS_PROXY, ALL_PROXY et NO_PROXY de l&apos;environnement (le réglage proxy l&apos;emporte)</translation>
    </message>
    <message>
        <source>which certificate authorities to trust: system (this computer&apos;s) or bundled (posapp&apos;s)</source>
        <translation>autorités de certification de confiance&#xa0;: system (celles de cet ordinateur) ou bundled (celles de posapp)</translation>
    </message>
    <message>
        <source>a PEM file of extra certificate authorities (your company CA), trusted as well</source>
        <translation>un fichier PEM d&apos;autorités de certification supplémentaires (la CA de votre entreprise), également de confiance</translation>
    </message>
    <message>
        <source>different on every till; starts each order number</source>
        <translation>différent sur chaque caisse&#xa0;; début de chaque n° de commande</translation>
    </message>
    <message>
        <source>sent with every order as order.attributes</source>
        <translation>envoyé avec chaque commande dans order.attributes</translation>
    </message>
    <message>
        <source>a three-letter ISO 4217 code</source>
        <translation>un code ISO 4217 à trois lettres</translation>
    </message>
    <message>
        <source>the orders&apos; language, like en-gb</source>
        <translation>la langue des commandes, par exemple en-gb</translation>
    </message>
    <message>
        <source>the window&apos;s language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine&apos;s)</source>
        <translation>la langue de la caisse&#xa0;: system, en, de, fr, nl, sv, da, nb, fi, es (system&#xa0;: celle du poste)</translation>
    </message>
    <message>
        <source>customer details agreed with the vendor</source>
        <translation>infos client convenues avec l&apos;éditeur</translation>
    </message>
    <message>
        <source>may the cashier sell an item that is not in the catalog, at a typed price</source>
        <translation>le caissier peut-il vendre un article absent du catalogue, à un prix saisi</translation>
    </message>
    <message>
        <source>full screen; closing needs the admin PIN</source>
        <translation>plein écran&#xa0;; la fermeture demande le PIN admin</translation>
    </message>
    <message>
        <source>a price override needs the admin PIN</source>
        <translation>modifier un prix demande le PIN admin</translation>
    </message>
    <message>
        <source>the largest quantity one line may have</source>
        <translation>la plus grande quantité autorisée sur une ligne</translation>
    </message>
    <message>
        <source>the largest total one line may have, in the till&apos;s currency</source>
        <translation>le plus grand total autorisé sur une ligne, dans la devise de la caisse</translation>
    </message>
    <message>
        <source>a price changed to 0 or to more than this asks for the PIN and a confirmation</source>
        <translation>un prix passé à 0 ou au-delà de ce seuil demande le PIN et une confirmation</translation>
    </message>
    <message>
        <source>an import that rejects more than this share of its rows (percent) changes nothing</source>
        <translation>un import qui rejette plus que cette part de ses lignes (pourcentage) ne change rien</translation>
    </message>
    <message>
        <source>an import changing the price of more than this share of products (percent) asks first</source>
        <translation>un import qui modifie le prix de plus que cette part des produits (pourcentage) demande d&apos;abord</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <source>Every command of the till and its keys</source>
        <translation>Toutes les commandes de la caisse et leurs touches</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation>Fermer la liste des raccourcis</translation>
    </message>
</context>
<context>
    <name>TillMenus</name>
    <message>
        <source>&amp;Sale</source>
        <translation>&amp;Vente</translation>
    </message>
    <message>
        <source>Finish sale</source>
        <translation>Encaisser</translation>
    </message>
    <message>
        <source>Go to the scan field</source>
        <translation>Aller au champ de scan</translation>
    </message>
    <message>
        <source>Customer card or ID</source>
        <translation>Carte ou n° client</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Sans client</translation>
    </message>
    <message>
        <source>Change quantity of the selected line</source>
        <translation>Modifier la quantité de la ligne</translation>
    </message>
    <message>
        <source>Change price of the selected line</source>
        <translation>Modifier le prix de la ligne</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Retirer la ligne sélectionnée</translation>
    </message>
    <message>
        <source>Void the basket…</source>
        <translation>Annuler le panier…</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;File d&apos;attente</translation>
    </message>
    <message>
        <source>Open the order queue</source>
        <translation>Ouvrir la file d&apos;attente</translation>
    </message>
    <message>
        <source>Send waiting orders now</source>
        <translation>Envoyer les commandes en attente</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>Ad&amp;min</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Réglages…</translation>
    </message>
    <message>
        <source>Replace the catalog from a CSV file…</source>
        <translation>Remplacer le catalogue depuis un CSV…</translation>
    </message>
    <message>
        <source>Replace the customer directory from a CSV file…</source>
        <translation>Remplacer le fichier clients depuis un CSV…</translation>
    </message>
    <message>
        <source>Restore the previous catalog…</source>
        <translation>Restaurer le catalogue précédent…</translation>
    </message>
    <message>
        <source>Restore the previous customer directory…</source>
        <translation>Restaurer le fichier clients précédent…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
</context>
<context>
    <name>TillMessages</name>
    <message>
        <source>Endpoint: reachable</source>
        <translation>Serveur&#xa0;: joignable</translation>
    </message>
    <message>
        <source>Endpoint: OFFLINE, orders are queued</source>
        <translation>Serveur&#xa0;: HORS LIGNE, commandes en attente</translation>
    </message>
    <message>
        <source>Endpoint: CREDENTIALS REJECTED, call the manager</source>
        <translation>Serveur&#xa0;: IDENTIFIANTS REFUSÉS, appelez le responsable</translation>
    </message>
    <message>
        <source>Sending PAUSED, orders are queued: %1</source>
        <translation>Envoi EN PAUSE, commandes en attente&#xa0;: %1</translation>
    </message>
    <message>
        <source>Queued here, not sent from this window: %1</source>
        <translation>En attente ici, non envoyée depuis cette fenêtre&#xa0;: %1</translation>
    </message>
    <message>
        <source>Endpoint: no order sent yet</source>
        <translation>Serveur&#xa0;: aucune commande envoyée</translation>
    </message>
    <message>
        <source>Queued %1: %2</source>
        <translation>%1 en attente&#xa0;: %2</translation>
    </message>
    <message>
        <source>Queued %1: sending is paused (see the status bar). Call the manager.</source>
        <translation>%1 en attente&#xa0;: envoi en pause (voir la barre d&apos;état). Appelez le responsable.</translation>
    </message>
    <message>
        <source>Sending %1 (%2)…</source>
        <translation>Envoi de %1 (%2)…</translation>
    </message>
    <message>
        <source>Queued (offline) %1: it will be sent by itself</source>
        <translation>%1 en attente (hors ligne)&#xa0;: elle partira seule</translation>
    </message>
    <message>
        <source>New sale: scan the next item, F12 finishes.</source>
        <translation>Nouvelle vente&#xa0;: scannez l&apos;article suivant, F12 pour encaisser.</translation>
    </message>
    <message>
        <source>Sent %1 (%2)</source>
        <translation>%1 envoyée (%2)</translation>
    </message>
    <message>
        <source>Not accepted by the vendor: %1. The sale is kept; a manager can see why in the queue (F9).</source>
        <translation>Refusée par l&apos;éditeur&#xa0;: %1. La vente est conservée&#xa0;; le responsable voit pourquoi dans la file (F9).</translation>
    </message>
    <message>
        <source>Queued %1: the endpoint refused our credentials. Call the manager.</source>
        <translation>%1 en attente&#xa0;: le serveur a refusé nos identifiants. Appelez le responsable.</translation>
    </message>
    <message numerus="yes">
        <source>Pending: %n</source>
        <translation>
            <numerusform>À envoyer&#xa0;: %n</numerusform>
            <numerusform>À envoyer&#xa0;: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Parked: %n</source>
        <translation>
            <numerusform>Bloquées&#xa0;: %n</numerusform>
            <numerusform>Bloquées&#xa0;: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TillStatusBar</name>
    <message>
        <source>Last order sent</source>
        <translation>Dernière commande envoyée</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Opens the queue on them (F9)</source>
        <translation>Commandes refusées par le serveur. Ouvre la file sur elles (F9)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Commandes à envoyer</translation>
    </message>
    <message>
        <source>Parked orders: open the queue</source>
        <translation>Commandes bloquées&#xa0;: ouvrir la file</translation>
    </message>
    <message>
        <source>Orders the endpoint refused. Click to see why (F9).</source>
        <translation>Commandes refusées par le serveur. Cliquez pour voir pourquoi (F9).</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Last sent: %1</source>
        <translation>Dernier envoi&#xa0;: %1</translation>
    </message>
    <message>
        <source>The outbox was lost or emptied on %1: orders from before may be missing; tell IT</source>
        <translation>L&apos;outbox a été perdue ou vidée le %1&#xa0;: des commandes antérieures peuvent manquer&#xa0;; prévenez le service informatique</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Till ID must be 1 to %1 letters or digits, dashes allowed inside (for example REGENT-01), and different on every till.</source>
        <translation>Le n° de caisse compte de 1 à %1 lettres ou chiffres, avec des tirets seulement à l&apos;intérieur (par exemple REGENT-01), et diffère d&apos;une caisse à l&apos;autre.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows at most %4 decimals.</source>
        <translation>%1 %2 a trop de décimales&#xa0;: %3 en permet au plus %4.</translation>
    </message>
    <message>
        <source>%1 %2 has too many decimals: %3 allows no decimals.</source>
        <translation>%1 %2 a trop de décimales&#xa0;: %3 n&apos;en permet aucune.</translation>
    </message>
    <message>
        <source>%1 %2 is not an amount of money; type it like 12.50.</source>
        <translation>%1 %2 n&apos;est pas un montant&#xa0;; saisissez-le comme 12.50.</translation>
    </message>
    <message>
        <source>%1 %2 is too long: at most %3 characters.</source>
        <translation>%1 %2 est trop long&#xa0;: %3 caractères au plus.</translation>
    </message>
    <message>
        <source>%1 cannot be negative.</source>
        <translation>%1&#xa0;: pas de valeur négative.</translation>
    </message>
    <message>
        <source>%1 contains an invisible or direction-changing character (%2, %3)%4.</source>
        <translation>%1 contient un caractère invisible ou qui change le sens du texte (%2, %3)%4.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed (%2)%3.</source>
        <translation>%1 contient des caractères non imprimables (%2)%3.</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed%2.</source>
        <translation>%1 contient des caractères non imprimables%2.</translation>
    </message>
    <message>
        <source>%1 is empty%2.</source>
        <translation>%1 est vide%2.</translation>
    </message>
    <message>
        <source>%1 is missing; scan or type the code.</source>
        <translation>%1 manque&#xa0;; scannez ou saisissez le code.</translation>
    </message>
    <message>
        <source>%1 is not a customer ID: use letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; or &apos;-&apos; (at most %2).</source>
        <translation>%1 n&apos;est pas un n° client&#xa0;: lettres, chiffres, &apos;.&apos;, &apos;_&apos;, &apos;:&apos; ou &apos;-&apos; (%2 au plus).</translation>
    </message>
    <message>
        <source>%1 is not a number a till can use (too many digits or a huge exponent).</source>
        <translation>%1 n&apos;est pas un nombre utilisable par une caisse (trop de chiffres ou exposant énorme).</translation>
    </message>
    <message>
        <source>%1 is not valid Unicode text (a lone surrogate %2)%3.</source>
        <translation>%1 n&apos;est pas un texte Unicode valide (substitut isolé %2)%3.</translation>
    </message>
    <message>
        <source>%1 is too large for a till; check the amount.</source>
        <translation>%1 est trop grand pour une caisse&#xa0;; vérifiez le montant.</translation>
    </message>
    <message>
        <source>%1 must be an amount of money, like 12.50.</source>
        <translation>%1 doit être un montant, comme 12.50.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 doit être du texte.</translation>
    </message>
    <message>
        <source>Currency %1 is not a currency code this till knows: use a three-letter ISO 4217 code such as GBP, EUR or USD.</source>
        <translation>La devise %1 est inconnue de cette caisse&#xa0;: utilisez un code ISO 4217 à trois lettres comme GBP, EUR ou USD.</translation>
    </message>
    <message>
        <source>Customer ID is empty; scan the loyalty card or type the ID.</source>
        <translation>N° client vide&#xa0;; scannez la carte de fidélité ou saisissez le n°.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Ligne %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Nothing was scanned; scan or type an item code.</source>
        <translation>Rien n&apos;a été scanné&#xa0;; scannez ou saisissez un code article.</translation>
    </message>
    <message>
        <source>Quantity is more than %1; check the number.</source>
        <translation>Quantité supérieure à %1&#xa0;; vérifiez le nombre.</translation>
    </message>
    <message>
        <source>Quantity must be a whole number of items, like 1 or 3.</source>
        <translation>La quantité doit être un nombre entier d&apos;articles, comme 1 ou 3.</translation>
    </message>
    <message>
        <source>Quantity must be at least 1; remove the line instead.</source>
        <translation>La quantité doit être d&apos;au moins 1&#xa0;; retirez plutôt la ligne.</translation>
    </message>
    <message>
        <source>Quantity would be %1, more than %2; check the number.</source>
        <translation>La quantité serait %1, plus que %2&#xa0;; vérifiez le nombre.</translation>
    </message>
    <message>
        <source>That line is no longer in the basket.</source>
        <translation>Cette ligne n&apos;est plus dans le panier.</translation>
    </message>
    <message>
        <source>That looks like an email address. Emails are never sent: scan the loyalty card or type the customer ID instead.</source>
        <translation>Cela ressemble à une adresse e-mail. Les e-mails ne sont jamais envoyés&#xa0;: scannez plutôt la carte de fidélité ou saisissez le n° client.</translation>
    </message>
    <message>
        <source>Write the quantity before the *, as in 3*CODE.</source>
        <translation>Écrivez la quantité avant le *, comme dans 3*CODE.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>Code article</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Customer detail name</source>
        <translation>Nom de l&apos;info client</translation>
    </message>
    <message>
        <source>; scan or type the code</source>
        <translation>&#xa0;; scannez ou saisissez le code</translation>
    </message>
    <message>
        <source> (a scanner glitch?); scan it again</source>
        <translation> (erreur du scanner&#xa0;?)&#xa0;; scannez à nouveau</translation>
    </message>
    <message>
        <source>credentials rejected: the endpoint refused the site or site token</source>
        <translation>identifiants refusés&#xa0;: le serveur a refusé le site ou le jeton du site</translation>
    </message>
    <message>
        <source>no site token set</source>
        <translation>aucun jeton du site défini</translation>
    </message>
    <message>
        <source>paused by the operator</source>
        <translation>mis en pause par l&apos;opérateur</translation>
    </message>
    <message>
        <source>another posapp (process %1) is already delivering from this outbox; orders stay queued and that one will send them</source>
        <translation>un autre posapp (processus %1) envoie déjà depuis cette file&#xa0;; les commandes restent en attente et c’est lui qui les enverra</translation>
    </message>
    <message>
        <source>the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: the orders stay queued; tell IT</source>
        <translation>le verrou d’envoi %1 est inutilisable (%2)&#xa0;; cette caisse n’envoie rien tant qu’il l’est&#xa0;: les commandes restent en attente&#xa0;; prévenez l’informatique</translation>
    </message>
    <message>
        <source>The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops.</source>
        <translation>La vente en cours ne peut pas être conservée dans %1 (%2)&#xa0;; elle est perdue si posapp s’arrête.</translation>
    </message>
    <message>
        <source>The outbox %1 cannot be used: %2 (%3); %4.</source>
        <translation>La file d’envoi %1 est inutilisable&#xa0;: %2 (%3)&#xa0;; %4.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is almost full: the sale is not taken; tell IT (%1 MB free).</source>
        <translation>Le disque de la caisse est presque plein&#xa0;: la vente n’est pas prise&#xa0;; prévenez l’informatique (%1 Mo libres).</translation>
    </message>
    <message>
        <source>tell IT to check the disk; keep the file, never delete it</source>
        <translation>faites vérifier le disque par l’informatique&#xa0;; gardez le fichier, ne le supprimez jamais</translation>
    </message>
    <message>
        <source>the orders already in it are safe and stay queued; tell IT</source>
        <translation>les commandes qu’elle contient sont en sécurité et restent en attente&#xa0;; prévenez l’informatique</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>le disque est plein</translation>
    </message>
    <message>
        <source>the profile is read-only</source>
        <translation>le profil est en lecture seule</translation>
    </message>
    <message>
        <source>the disk failed to read or write (input/output error)</source>
        <translation>le disque n’a pas pu lire ou écrire (erreur d’entrée/sortie)</translation>
    </message>
    <message>
        <source>it cannot be opened (is something else where the file or its folder belongs?)</source>
        <translation>elle ne peut pas être ouverte (y a-t-il autre chose à la place du fichier ou de son dossier&#xa0;?)</translation>
    </message>
    <message>
        <source>The endpoint refused the site code or the site token: check both.</source>
        <translation>Le serveur a refusé le code du site ou le jeton du site&#xa0;: vérifiez les deux.</translation>
    </message>
    <message>
        <source>Connected: the site and token were accepted. The endpoint refused the empty test order, as it should, so nothing was recorded.</source>
        <translation>Connecté&#xa0;: le site et le jeton ont été acceptés. Le serveur a refusé la commande de test vide, comme prévu&#xa0;: rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <source>Connected, but the endpoint accepted an empty order; tell the vendor.</source>
        <translation>Connecté, mais le serveur a accepté une commande vide&#xa0;; prévenez le fournisseur.</translation>
    </message>
    <message>
        <source>No answer from the endpoint (%1). Check the network, the environment and the site name or endpoint URL.</source>
        <translation>Pas de réponse du serveur (%1). Vérifiez le réseau, l&apos;environnement et le nom du site ou l&apos;URL du serveur.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not trusted by this till: if your network inspects HTTPS, add your company CA file in Settings &gt; Network</source>
        <translation>Le certificat du serveur n&apos;est pas reconnu par cette caisse&#xa0;: si votre réseau inspecte le HTTPS, ajoutez le fichier CA de l&apos;entreprise dans Réglages &gt; Réseau</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) has expired; if the date on this till is wrong, correct it, otherwise tell the vendor</source>
        <translation>Le certificat du serveur (%1) a expiré&#xa0;; si la date de cette caisse est fausse, corrigez-la, sinon prévenez le fournisseur</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate (%1) is not valid yet: check the date and time on this till</source>
        <translation>Le certificat du serveur (%1) n&apos;est pas encore valable&#xa0;: vérifiez la date et l&apos;heure de cette caisse</translation>
    </message>
    <message>
        <source>The endpoint&apos;s certificate is not for %1: check the endpoint URL, or whether your network sends HTTPS elsewhere</source>
        <translation>Le certificat du serveur n&apos;est pas celui de %1&#xa0;: vérifiez l&apos;URL du serveur, ou si votre réseau redirige le HTTPS ailleurs</translation>
    </message>
    <message>
        <source>The proxy at %1 did not answer: check the proxy setting and the network</source>
        <translation>Le proxy %1 ne répond pas&#xa0;: vérifiez le réglage du proxy et le réseau</translation>
    </message>
    <message>
        <source>The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)</source>
        <translation>Le proxy %1 a refusé le nom d&apos;utilisateur et le mot de passe du réglage du proxy (HTTP 407)</translation>
    </message>
    <message>
        <source>The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as http://user:password@host:port</source>
        <translation>Le proxy %1 demande un nom d&apos;utilisateur et un mot de passe (HTTP 407)&#xa0;: indiquez le proxy sous la forme http://user:password@host:port</translation>
    </message>
    <message>
        <source>The proxy at %1 would not connect to the endpoint (HTTP %2)</source>
        <translation>Le proxy %1 refuse de se connecter au serveur (HTTP %2)</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>livrée</translation>
    </message>
    <message>
        <source>delivered with warnings</source>
        <translation>livrée avec avertissements</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>refusée</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>identifiants refusés</translation>
    </message>
    <message>
        <source>transient</source>
        <translation>erreur passagère</translation>
    </message>
    <message>
        <source>unknown outcome</source>
        <translation>résultat inconnu</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>retry after %1 s</source>
        <translation>nouvel essai dans %1 s</translation>
    </message>
    <message>
        <source>%1 in %2: %3 added, %4 removed, %5; %6 (%7)</source>
        <translation>%1 dans %2&#xa0;: %3 ajoutés, %4 supprimés, %5&#xa0;; %6 (%7)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 with a new price</source>
        <translation>%1 avec un nouveau prix</translation>
    </message>
    <message>
        <source>%1 with a new customer ID</source>
        <translation>%1 avec un nouveau n° client</translation>
    </message>
    <message>
        <source>%1 with a new %2</source>
        <translation>%1 avec une nouvelle valeur de %2</translation>
    </message>
    <message>
        <source>the catalog has %1 now</source>
        <translation>le catalogue en compte %1 actuellement</translation>
    </message>
    <message>
        <source>the customer directory has %1 now</source>
        <translation>le fichier clients en compte %1 actuellement</translation>
    </message>
    <message>
        <source>the %1 has %2 now</source>
        <translation>%1 en compte %2 actuellement</translation>
    </message>
    <message>
        <source>Largest price changes:</source>
        <translation>Plus fortes variations de prix&#xa0;:</translation>
    </message>
    <message>
        <source>Largest customer ID changes:</source>
        <translation>Plus fortes variations de n° client&#xa0;:</translation>
    </message>
    <message>
        <source>Largest %1 changes:</source>
        <translation>Plus fortes variations de %1&#xa0;:</translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3%4</source>
        <translation>  %1&#xa0;: %2 -&gt; %3%4</translation>
    </message>
    <message>
        <source>Rejected rows:</source>
        <translation>Lignes refusées&#xa0;:</translation>
    </message>
    <message>
        <source>  line %1: %2</source>
        <translation>  ligne %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>the file has no products</source>
        <translation>le fichier ne contient aucun produit</translation>
    </message>
    <message>
        <source>the file has no customers</source>
        <translation>le fichier ne contient aucun client</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those rows, or allow more)</source>
        <translation>%1 lignes sur %2 (%3) sont inutilisables et seraient perdues (%4 % au plus sont admises&#xa0;; corrigez ces lignes ou autorisez-en plus)</translation>
    </message>
    <message>
        <source>the catalog would shrink from %1 to %2 products</source>
        <translation>le catalogue passerait de %1 à %2 produits</translation>
    </message>
    <message>
        <source>the customer directory would shrink from %1 to %2 customers</source>
        <translation>le fichier clients passerait de %1 à %2 clients</translation>
    </message>
    <message>
        <source>%1 of %2 products would change price (%3; more than %4%)</source>
        <translation>%1 produits sur %2 changeraient de prix (%3&#xa0;; plus de %4 %)</translation>
    </message>
    <message>
        <source>%1 of %2 customers would change customer ID (%3; more than %4%)</source>
        <translation>%1 clients sur %2 changeraient de n° client (%3&#xa0;; plus de %4 %)</translation>
    </message>
    <message>
        <source>The proxy must be an http:// URL, like http://proxy.example:3128 (not %1).</source>
        <translation>Le proxy doit être une adresse http://, comme http://proxy.example:3128 (et non %1).</translation>
    </message>
    <message>
        <source>The proxy needs a host and a port, like http://proxy.example:3128 (not %1).</source>
        <translation>Le proxy doit avoir un hôte et un port, comme http://proxy.example:3128 (et non %1).</translation>
    </message>
    <message>
        <source>The proxy is only http://host:port, with no path after it (not %1).</source>
        <translation>Le proxy s’écrit seulement http://hôte:port, sans chemin après (et non %1).</translation>
    </message>
    <message>
        <source>The proxy in the environment cannot be used: %1</source>
        <translation>Le proxy de l’environnement est inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>certificates must be system (the trust store of this computer) or bundled (the list that ships with posapp).</source>
        <translation>certificates doit valoir system (le magasin de certificats de cet ordinateur) ou bundled (la liste fournie avec posapp).</translation>
    </message>
    <message>
        <source>The CA file&apos;s name cannot be printed; type the path again.</source>
        <translation>Le nom du fichier CA contient des caractères non imprimables&#xa0;; saisissez de nouveau le chemin.</translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>Le fichier CA %1 n’existe pas.</translation>
    </message>
    <message>
        <source>The CA file %1 is a folder, not a file.</source>
        <translation>Le fichier CA %1 est un dossier, pas un fichier.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2).</source>
        <translation>Le fichier CA %1 est illisible (%2).</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----).</source>
        <translation>Le fichier CA %1 ne contient aucun certificat PEM (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>The CA file %1 is damaged: its PEM certificates cannot be read.</source>
        <translation>Le fichier CA %1 est endommagé&#xa0;: ses certificats PEM sont illisibles.</translation>
    </message>
    <message>
        <source>needs refCode, name and price</source>
        <translation>il faut refCode, nom et prix</translation>
    </message>
    <message>
        <source>needs card (or email) and customerId</source>
        <translation>il faut la carte (ou l’e-mail) et le customerId</translation>
    </message>
    <message>
        <source>barcode %1 must be digits (EAN)</source>
        <translation>le code-barres %1 doit être en chiffres (EAN)</translation>
    </message>
    <message>
        <source>refCode %1 appears twice (first on line %2)</source>
        <translation>le refCode %1 figure deux fois (d’abord ligne %2)</translation>
    </message>
    <message>
        <source>barcode %1 appears twice (first on line %2)</source>
        <translation>le code-barres %1 figure deux fois (d’abord ligne %2)</translation>
    </message>
    <message>
        <source>%1 %2 appears twice (first on line %3)</source>
        <translation>%1 %2 figure deux fois (d’abord ligne %3)</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>refCode</source>
        <translation>refCode</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Code-barres</translation>
    </message>
</context>
</TS>
