### Words of imports, exports and privacy pages.

## Import: the upload

import_title = Importer des contacts
import_intro = Envoyez un fichier CSV (10 Mo au plus) : vous verrez ses premières lignes et choisirez ce que contient chaque colonne avant que rien ne soit enregistré. Si une seule ligne a une erreur, rien n'est importé : vous corrigez le fichier et recommencez.
import_file = Fichier CSV
import_send = Voir l'aperçu
import_how_to_save = Depuis Excel : Fichier › Enregistrer sous › « CSV UTF-8 (délimité par des virgules) ». Depuis LibreOffice : Fichier › Enregistrer sous › « Texte CSV », jeu de caractères « Unicode (UTF-8) ».
import_file_binary = Ce fichier n'est pas un fichier CSV (c'est peut-être un classeur .xlsx ou .ods, ou une image). Enregistrez-le au format CSV : depuis Excel, Fichier › Enregistrer sous › « CSV UTF-8 (délimité par des virgules) » ; depuis LibreOffice, Fichier › Enregistrer sous › « Texte CSV », jeu de caractères « Unicode (UTF-8) ».
import_file_encoding = Les caractères de ce fichier ne peuvent pas être lus : il n'est ni en UTF-8 ni en Windows-1252. Enregistrez-le à nouveau en « CSV UTF-8 » : depuis Excel, Fichier › Enregistrer sous › « CSV UTF-8 (délimité par des virgules) » ; depuis LibreOffice, Fichier › Enregistrer sous › « Texte CSV », jeu de caractères « Unicode (UTF-8) ».
import_file_empty = Ce fichier est vide : il faut au moins une ligne d'en-tête et une ligne de contact.
import_file_too_large = Ce fichier dépasse 10 Mo : coupez-le en plusieurs fichiers.
import_file_required = Choisissez un fichier CSV.

## Import: the preview

import_preview_title = Aperçu de l'import
import_read_as_utf8 = Fichier lu en UTF-8.
import_read_as_windows1252 = Fichier lu en Windows-1252 (Excel) : vérifiez que les accents (é, è, ç…) s'affichent bien ci-dessous. Sinon, enregistrez le fichier en « CSV UTF-8 » et recommencez.
import_read_as_utf16 = Fichier lu en UTF-16.
import_delimiter = Séparateur des colonnes
import_delimiter_tab = tabulation
import_lines_count = lignes de contacts dans le fichier
import_first_lines = Les 10 premières lignes
import_line = Ligne
import_column_holds = Contenu de la colonne
import_mapping_help = Pour chaque colonne, choisissez ce qu'elle contient, ou « ne pas importer ».
import_target_ignore = — ne pas importer —
import_target_first_name = Prénom
import_target_last_name = Nom
import_target_email = Adresse e-mail
import_target_phone = Téléphone
import_target_address = Adresse
import_target_postal_code = Code postal
import_target_city = Ville
import_target_country = Pays
import_target_birth_date = Date de naissance
import_target_notes = Notes
import_target_lang = Langue (fr/en)
import_target_tags = Étiquettes (séparées par des virgules)
import_target_newsletter = Accord pour la lettre d'information (oui/non)
import_target_field = Champ
import_existing = Quand l'adresse e-mail d'une ligne est déjà dans la base
import_existing_update = compléter la fiche existante : remplir seulement ce qui y est vide (rien n'est remplacé)
import_existing_leave = laisser la fiche existante telle quelle
import_go = Importer
import_start_again = Envoyer un autre fichier
import_refused = Rien n'a été importé : corrigez ces erreurs dans le fichier, puis envoyez-le à nouveau (ou changez le choix des colonnes).
import_errors_count = erreurs

## Import: done

import_done_title = Import terminé
import_created = créés
import_updated = complétés
import_unchanged = laissés tels quels
import_see_contacts = Voir les contacts

## Import: the mistakes of a line ({0}, {1}... are filled in)

import_err_field_count = cette ligne a { $arg0 } colonnes au lieu de { $arg1 } (un séparateur en trop ou en moins ?).
import_err_email = l'adresse e-mail « { $arg0 } » n'est pas valable.
import_err_date = la date « { $arg0 } » n'est pas comprise : écrivez-la 31/12/1990 (JJ/MM/AAAA) ou 1990-12-31 (AAAA-MM-JJ) ; les années sur deux chiffres ne sont pas acceptées.
import_err_field_date = colonne « { $arg0 } » : la date « { $arg1 } » n'est pas comprise : écrivez-la 31/12/1990 (JJ/MM/AAAA) ou 1990-12-31 (AAAA-MM-JJ).
import_err_birth_date = la date de naissance « { $arg0 } » est dans le futur ou avant 1900.
import_err_no_name = ni nom ni adresse e-mail sur cette ligne.
import_err_duplicate = l'adresse { $arg0 } est déjà à la ligne { $arg1 } du fichier : gardez une seule de ces deux lignes.
import_err_no_name_column = aucune colonne ne contient de nom ni d'adresse e-mail : choisissez au moins une colonne « Prénom », « Nom » ou « Adresse e-mail ».
import_err_column_twice = les colonnes « { $arg0 } » et « { $arg1 } » contiennent la même chose : gardez-en une et mettez l'autre sur « ne pas importer ».
import_err_unknown_column = la colonne « { $arg0 } » n'est pas connue : utilisez first_name, last_name, email, phone, address, postal_code, city, country, birth_date, notes, lang, tags, newsletter ou la clé d'un champ personnalisé.
import_err_mapping_incomplete = le choix des colonnes est incomplet : choisissez ce que contient chaque colonne.
import_err_too_long = « { $arg0 } » est trop long.
import_err_lang = la langue « { $arg0 } » n'est pas connue : écrivez fr ou en.
import_err_consent = « { $arg0 } » n'est pas compris pour l'accord à la lettre d'information : écrivez oui, non, 1, 0 ou x (ou yes, no).
import_err_number = colonne « { $arg0 } » : « { $arg1 } » n'est pas un nombre.
import_err_choice = colonne « { $arg0 } » : « { $arg1 } » n'est pas un des choix possibles ({ $arg2 }).
import_err_invalid = la valeur de « { $arg0 } » n'est pas valable.

## Exports

export_contacts = Exporter les contacts (CSV)
export_members = Exporter les adhérents (CSV)
export_col_first_name = Prénom
export_col_last_name = Nom
export_col_email = E-mail
export_col_phone = Téléphone
export_col_address = Adresse
export_col_postal_code = Code postal
export_col_city = Ville
export_col_country = Pays
export_col_birth_date = Date de naissance
export_col_notes = Notes
export_col_lang = Langue
export_col_created = Créé le
export_col_newsletter = Accord lettre d'information
export_col_photos = Accord photos
export_col_tags = Étiquettes
export_col_name = Nom
export_col_category = Catégorie
export_col_amount = Montant (€)
export_col_paid_on = Payé le
export_col_from = Du
export_col_until = Au
export_col_method = Moyen de paiement
export_col_receipt = N° de reçu
export_yes = oui
export_no = non

## Privacy: a person

privacy_export_person = Télécharger toutes ses données (JSON)
privacy_anonymize_title = Effacer cette personne
privacy_anonymize_intro = L'effacement (droit à l'oubli) rend la fiche anonyme. Il ne peut pas être annulé.
privacy_what_goes = Ce qui est effacé
privacy_goes_details = le nom, l'adresse e-mail, le téléphone, l'adresse postale, la date de naissance, les notes et le lien avec un compte de connexion ;
privacy_goes_extra = les champs personnalisés, les étiquettes, les abonnements aux lettres d'information et les fiches fusionnées ;
privacy_goes_traces = son nom et son adresse dans les inscriptions aux événements et dans les envois de lettres ; le détail de son historique.
privacy_what_stays = Ce qui reste
privacy_stays_memberships = les adhésions, avec leurs montants, dates et numéros de reçu : la comptabilité doit les garder dix ans. Elles restent rattachées à la fiche anonyme ;
privacy_stays_consents = les dates et la nature des accords donnés ou retirés, sans rien qui désigne la personne ; les comptes des événements et des envois.
privacy_account_note = Un compte de connexion lié est seulement détaché : supprimez-le dans « Comptes » si besoin.
privacy_backups_note = Les sauvegardes déjà faites ne peuvent pas être modifiées : elles disparaissent à leur échéance.
privacy_anonymize_go = Effacer définitivement
privacy_anonymized_done = Cette fiche est anonyme.
privacy_anonymized_name = Personne effacée
privacy_anonymized_on = Effacée le

## Privacy: the retention review

privacy_title = Données personnelles
privacy_retention_title = Personnes inactives à revoir
privacy_retention_intro = Ces personnes n'ont donné aucun signe de vie (modification, adhésion, inscription, abonnement) depuis plus de
privacy_months = mois
privacy_retention_rule = et n'ont pas d'adhésion en cours. La loi demande de ne pas garder leurs données plus longtemps que nécessaire : effacez celles dont l'association n'a plus besoin.
privacy_last_activity = Dernier signe de vie
privacy_select = Choisir
privacy_anonymize_selected = Effacer les personnes cochées…
privacy_nobody = Personne n'est inactif depuis plus longtemps que la durée de conservation.
privacy_confirm_title = Confirmer l'effacement
privacy_confirm_intro = Ces personnes vont être effacées (rendues anonymes). Cela ne peut pas être annulé.
privacy_none_selected = Cochez au moins une personne.
privacy_erased_count = personnes effacées.
privacy_retention_setting = Durée de conservation (mois sans signe de vie)
privacy_months_invalid = Un nombre de mois entre 1 et 240.
privacy_setting_saved = Durée enregistrée.

## Privacy: the consent log

privacy_consents_title = Registre des consentements
privacy_consents_intro = Chaque accord donné ou retiré, avec sa date et sa provenance : la preuve que la loi demande. Les lignes ne sont jamais modifiées.
privacy_consent_when = Date
privacy_consent_person = Personne
privacy_consent_kind = Pour
privacy_consent_given = Réponse
privacy_consent_source = Provenance
privacy_consent_yes = accordé
privacy_consent_no = retiré
privacy_kind_newsletter = lettre d'information
privacy_kind_photos = photos
privacy_download_csv = Télécharger (CSV)
privacy_no_consents = Aucun consentement enregistré.
privacy_previous = ← Plus récents
privacy_next = Plus anciens →
privacy_page = Page

## Where a consent came from, when the site wrote it itself ($how is one of these, or a
## subscription's origin below)

consent_source_own_page = sa propre page
consent_source_import = import de { $file } par { $name }
consent_source_confirmed = { $how } le { $when }, confirmé par le lien
consent_source_unsubscribe_link = lien de désinscription
consent_source_unsubscribe_campaign = lien de désinscription (lettre { $id })
consent_source_asked_team = demandé à l'équipe
consent_source_list = { $how }, liste { $list }

## Where a subscription came from

subscription_source_dashboard = tableau de bord
subscription_source_api = API
subscription_source_membership = adhésion
subscription_source_form = formulaire { $url }

## Lines of a person's history: $what is the membership (number, category, period, amount)

history_membership_added = ajoutée { $what }
history_membership_edited = modifiée { $what }
history_membership_deleted = supprimée { $what }
history_membership_covered = couverte par l'adhésion #{ $membership } de #{ $payer }
history_subscribed_members_list = adhésion : liste des adhérents
