### Words of the contacts pages.

contact_export_csv = Télécharger en tableur

## Field errors of a contact (keys used by `members::contacts`)

name_or_email_required = Indiquez au moins un nom ou une adresse e-mail.
birth_date_invalid = Cette date de naissance n'est pas valable (jour/mois/année, après 1900 et pas dans le futur).
lang_invalid = Choisissez le français ou l'anglais.
account_already_linked = Ce compte est déjà lié à une autre fiche. Déliez-le d'abord de celle-ci.
contact_account_unknown = Ce compte n'existe pas.

## Custom fields: mistakes

contact_field_number_invalid = Ce n'est pas un nombre (par exemple 12 ou 3,5).
contact_field_date_invalid = Ce n'est pas une date (jour/mois/année).
contact_field_choice_invalid = Choisissez l'une des valeurs proposées.
contact_field_unknown = Ce champ personnalisé n'existe pas (ou plus).
contact_field_key_invalid = Le code ne peut contenir que des lettres minuscules sans accent, des chiffres et « _ » (40 au plus).
contact_field_key_taken = Un autre champ a déjà ce code.
contact_field_kind_invalid = Choisissez un type : texte, nombre, date ou liste de choix.
contact_field_choices_required = Une liste de choix a besoin d'au moins un choix (un par ligne).
contact_field_position_invalid = La position est un nombre entier (1, 2, 3…).

## Tags and groups: mistakes

contact_tag_name_taken = Une étiquette ou un groupe porte déjà ce nom.
contact_tag_kind_invalid = Choisissez « étiquette » ou « groupe ».
contact_tag_unknown = Cette étiquette ou ce groupe n'existe pas (ou plus).
contact_merge_same = Une fiche ne peut pas être fusionnée avec elle-même.
contact_consent_kind_invalid = Choisissez à quoi la personne consent.
contact_bulk_none_selected = Cochez au moins un contact dans la liste, et choisissez une étiquette.

## The list

contact_list_title = Contacts
contact_search = Rechercher
contact_search_help = Un nom (accents et majuscules sans importance), une adresse e-mail, un téléphone ou une ville.
contact_filter_tag = Étiquette
contact_filter_group = Groupe
contact_any = Tous
contact_has_email = A une adresse e-mail
contact_bounced = Adresse e-mail en échec
contact_newsletter_consent = A accepté la lettre d'information
contact_apply_filters = Filtrer
contact_clear_filters = Tout afficher
contact_total =
    { $n ->
        [one] { $n } contact trouvé
       *[other] { $n } contacts trouvés
    }
contact_none_found = Aucun contact ne correspond à cette recherche.
contact_pages = Pages
contact_prev = ← Précédente
contact_next = Suivante →
contact_tick = Cocher
contact_bulk_tag = Ajouter cette étiquette aux contacts cochés
contact_bulk_done =
    { $n ->
        [one] Étiquette ajoutée à { $n } contact.
       *[other] Étiquette ajoutée à { $n } contacts.
    }
contact_new = Nouveau contact
contact_anonymized = Anonymisée
contact_no_name = (sans nom)

## The details

contact_first_name = Prénom
contact_last_name = Nom
contact_phone = Téléphone
contact_address = Adresse
contact_postal_code = Code postal
contact_city = Ville
contact_country = Pays
contact_birth_date = Date de naissance
contact_notes = Notes
contact_lang = Langue des e-mails
contact_lang_fr = Français
contact_lang_en = Anglais
contact_details = Coordonnées
contact_source = Origine
contact_created_at = Fiche créée le
contact_source_dashboard = saisie au tableau de bord
contact_source_import = import d'un fichier
contact_source_newsletter = formulaire de la lettre d'information
contact_source_helloasso = HelloAsso
contact_source_api = API
contact_bounced_since = Les mails vers cette adresse sont refusés depuis le
contact_anonymized_notice = Cette fiche a été anonymisée (effacement RGPD) ; elle ne peut plus être modifiée. Date :

## The contact's page: sections

contact_custom_fields = Autres informations
contact_tags_groups = Étiquettes et groupes
contact_no_tags = Aucune étiquette ni groupe.
contact_add_tag = Ajouter
contact_choose = Choisir…
contact_consents = Consentements
contact_consent_newsletter = Lettre d'information
contact_consent_photos = Photos
contact_consent_given = donné
contact_consent_withdrawn = retiré
contact_consent_never = jamais demandé
contact_consent_log = Tout l'historique des consentements
contact_consent_none = Aucun consentement enregistré.
contact_consent_record = Enregistrer un consentement
contact_consent_kind = Pour
contact_consent_answer = Réponse
contact_consent_give = La personne accepte
contact_consent_withdraw = La personne retire son accord
contact_consent_source = Comment (par exemple « formulaire papier », « au téléphone »)
contact_consent_when = Date
contact_consent_by = Saisi par
contact_subscriptions = Lettres d'information
contact_no_subscriptions = Inscrite à aucune liste.
contact_sub_pending = en attente de confirmation
contact_sub_confirmed = inscrite
contact_sub_unsubscribed = désinscrite
contact_memberships = Adhésions
contact_export = Télécharger les données de cette personne
contact_anonymize = Effacer (anonymiser)
contact_history = Historique
contact_history_empty = Rien encore.
contact_history_created = Fiche créée
contact_history_edited = Fiche modifiée
contact_history_merged = Fusionnée avec la fiche
contact_history_account_linked = Compte de connexion lié
contact_history_account_unlinked = Compte de connexion délié
contact_history_consent = Consentement
contact_history_membership = Adhésion
contact_history_subscribed = Inscription à une lettre
contact_history_unsubscribed = Désinscription d'une lettre
contact_history_bounced = Adresse e-mail refusée
contact_history_reminded = Rappel de renouvellement envoyé
contact_history_imported = Importée
contact_history_exported = Données exportées
contact_history_anonymized = Fiche anonymisée
contact_by = par
contact_account = Compte de connexion
contact_account_none = Aucun compte de connexion n'est lié à cette personne.
contact_account_linked_to = Lié au compte
contact_account_choose = Compte à lier
contact_account_link = Lier ce compte
contact_account_unlink = Délier

## Custom field definitions

contact_fields_title = Champs personnalisés
contact_fields_intro = Des informations en plus, demandées pour chaque contact. Seuls les administrateurs les définissent.
contact_fields_none = Aucun champ personnalisé.
contact_field_new = Nouveau champ
contact_field_edit = Modifier le champ
contact_field_key = Code
contact_field_key_help = Pour les imports et l'API : minuscules, chiffres et « _ », par exemple taille_tshirt.
contact_field_label = Intitulé
contact_field_kind = Type
contact_field_kind_text = Texte
contact_field_kind_number = Nombre
contact_field_kind_date = Date
contact_field_kind_choice = Liste de choix
contact_field_choices = Choix (un par ligne)
contact_field_position = Position
contact_field_delete_warning = Supprimer ce champ efface sa valeur sur toutes les fiches.

## Tags and groups

contact_tags_title = Étiquettes et groupes
contact_tags_intro = Une étiquette classe les contacts (« bénévole », « donateur 2025 ») ; un groupe réunit une équipe ou une commission.
contact_tags_none = Aucune étiquette ni groupe.
contact_tag_new = Nouvelle étiquette ou nouveau groupe
contact_tag_edit = Modifier
contact_tag_kind = Sorte
contact_tag_kind_tag = Étiquette
contact_tag_kind_group = Groupe
contact_tag_description = Description
contact_tag_count = Contacts
contact_tag_delete_warning = Supprimer l'enlève de toutes les fiches ; les fiches restent.

## Duplicates and merging

contact_duplicates_title = Doublons
contact_duplicates_intro = Des fiches qui ont la même adresse e-mail, ou le même nom une fois les accents, majuscules et espaces mis de côté.
contact_duplicates_none = Aucun doublon trouvé.
contact_dup_same_email = Même adresse e-mail
contact_dup_same_name = Même nom
contact_merge = Fusionner
contact_merge_into = Fusionner dans la première fiche
contact_merge_title = Fusionner deux fiches
contact_merge_kept = Fiche gardée
contact_merge_removed = Fiche fusionnée puis supprimée
contact_merge_explain = Tout passe sur la fiche gardée : adhésions, consentements, historique, étiquettes, inscriptions aux lettres, compte de connexion. Ses cases vides prennent les valeurs de l'autre ; les notes sont mises bout à bout. Une désinscription est toujours respectée. La fiche fusionnée est ensuite supprimée ; une copie en est gardée dans l'historique.
contact_merge_swap = Garder plutôt l'autre fiche
contact_merge_confirm = Fusionner les deux fiches
contact_merged = Les deux fiches ont été fusionnées.
contact_merge_memberships = Adhésions
contact_merge_consents = Lignes de consentement
contact_merge_history = Lignes d'historique
