### Words of the members and memberships pages.

## The member lists

member_summary =
    { $current ->
        [one] { $current } adhérent à jour
       *[other] { $current } adhérents à jour
    }, dont { $renew } à renouveler bientôt.
member_views = Listes d'adhérents
member_view_current = Adhérents
member_view_renew = À renouveler
member_view_lapsed = Adhésion terminée
member_categories = Catégories d'adhésion
member_settings = Période et rappels
member_add_hint = Enregistrer une adhésion : chercher la personne
member_search = Chercher par nom
member_search_button = Chercher
member_list_empty = Personne dans cette liste pour l'instant.
member_search_empty = Aucune personne de cette liste ne porte ce nom.
member_category = Catégorie
member_until = Jusqu'au
member_ended_on = Terminée le
member_amount = Montant
member_pages = Pages
member_previous = Page précédente
member_next = Page suivante
member_page = Page
member_download = Télécharger comme tableur (LibreOffice, Excel)

## A person's status

member_status_current = Adhérent·e jusqu'au { $date }
member_status_renew = Adhérent·e jusqu'au { $date } : à renouveler bientôt
member_status_lapsed = Adhésion terminée le { $date }
member_status_never = Pas encore adhérent·e

## Categories

membership_categories_help = Les catégories proposées quand on enregistre une adhésion. Une catégorie qui ne sert plus se désactive : les adhésions passées la gardent.
membership_kind = Type
membership_kind_fixed = Montant fixe (normale, réduite…)
membership_kind_free = Prix libre, avec un minimum
membership_kind_family = Famille (une adhésion pour plusieurs personnes)
membership_from = à partir de
membership_offered = Proposée
membership_order = Ordre
membership_move_up = Monter
membership_move_down = Descendre
membership_deactivate = Ne plus proposer
membership_activate = Proposer à nouveau
membership_new_category = Nouvelle catégorie
membership_add_category = Ajouter la catégorie
membership_edit_category = Modifier la catégorie
membership_category_edit_help = Les adhésions déjà enregistrées gardent leur montant.
membership_category_amount = Montant (en euros)
membership_category_amount_help = Pour un montant fixe ou une famille, par exemple 25 ou 12,50.
membership_category_min = Minimum (en euros)
membership_category_min_help = Pour le prix libre : le moins que l'on puisse payer (0 pour aucun minimum).
membership_form_has_errors = Le formulaire contient des erreurs : voyez les messages sous les champs.

## Mistakes

membership_amount_invalid = Écrivez un montant en euros, par exemple 25 ou 12,50 (jusqu'à 100 000 €).
membership_category_amount_required = Indiquez le montant de cette catégorie.
membership_category_kind_invalid = Choisissez un type de catégorie.
membership_category_invalid = Choisissez une catégorie proposée.
membership_amount_below_minimum = Ce montant est en dessous du minimum de la catégorie.
membership_amount_required = Indiquez le montant payé : cette catégorie est à prix libre.
membership_paid_on_required = Indiquez la date du paiement.
membership_paid_on_future = La date du paiement ne peut pas être dans le futur.
membership_paid_on_invalid = Écrivez une date, par exemple 14/09/2026.
membership_payment_method_invalid = Choisissez comment la personne a payé.
membership_people_only_family = Seule une adhésion famille couvre d'autres personnes : décochez-les ou choisissez une catégorie famille.
membership_person_invalid = Une des personnes cochées ne peut pas être couverte (la personne qui paie, une fiche effacée, ou plus de 20 personnes).
membership_period_invalid = Choisissez une des deux façons de compter la période.
membership_year_start_invalid = Ce jour n'existe pas tous les ans : choisissez une autre date (pas le 29 février).
membership_reminders_invalid = Écrivez des nombres de jours entre 1 et 365 séparés par des virgules, au plus cinq, par exemple 30,7. Laissez vide pour aucun rappel.

## Period and reminders

member_period = Période couverte par une adhésion
member_period_season = L'année de l'association (saison), qui commence le jour choisi ci-dessous
member_period_rolling = Douze mois à partir du paiement
member_year_start = Premier jour de la saison
member_year_start_help = Par exemple le 1er janvier pour l'année civile, ou le 1er septembre pour une saison comme l'année scolaire. Une adhésion payée avant la fin de la précédente commence le lendemain de cette fin.
member_day = Jour
member_month = Mois
member_reminders = Rappels de renouvellement par e-mail
member_reminders_before = Jours avant la fin de l'adhésion
member_reminders_before_help = Par exemple 30,7 : un rappel un mois avant, un autre une semaine avant. Le plus grand nombre décide aussi qui est « à renouveler ».
member_reminders_after = Jours après la fin de l'adhésion
member_reminders_after_help = Par exemple 30 : un dernier rappel un mois après. Laissez vide pour aucun. Les rappels partent à 8 h, une seule fois chacun, et jamais à qui a déjà renouvelé.

## A person's memberships

membership_memberships = Adhésions
membership_history = Historique des adhésions
membership_none = Aucune adhésion enregistrée.
membership_period = Période
membership_paid = Payée
membership_also_covers = Couvre aussi :
membership_covered_by = Couvert·e par l'adhésion famille de
membership_add = Enregistrer une adhésion
membership_record = Enregistrer l'adhésion
membership_deleted = L'adhésion a été supprimée.
membership_amount_help = En euros. Laissez vide pour le montant de la catégorie (obligatoire pour le prix libre).
membership_paid_on = Date du paiement
membership_paid_on_help = La période de l'adhésion est calculée à partir de cette date.
membership_payment_method = Moyen de paiement
membership_choose = — choisir —
membership_method_cash = Espèces
membership_method_cheque = Chèque
membership_method_transfer = Virement
membership_method_card = Carte bancaire
membership_method_helloasso = HelloAsso
membership_method_other = Autre
membership_receipt_number = Numéro de reçu
membership_people = Autres personnes couvertes (adhésion famille)
membership_people_help = Cherchez chaque personne par son nom ou son adresse e-mail, puis cochez-la. Elle doit déjà avoir une fiche dans les contacts.
membership_find_person = Nom ou adresse e-mail
membership_find = Chercher
membership_found_nobody = Personne d'autre ne correspond. Vérifiez l'orthographe, ou créez d'abord sa fiche dans les contacts.
membership_edit = Modifier l'adhésion
membership_edit_help = La période est recalculée à partir de la date du paiement.
membership_delete = Supprimer cette adhésion
membership_delete_warning = À faire seulement pour une adhésion enregistrée par erreur : elle disparaît de l'historique et des listes.
membership_delete_confirm = Oui, supprimer cette adhésion

## The member's own page

member_me_none = Votre compte n'est pas encore relié à une fiche de l'association. Vous pouvez la créer à partir de votre compte (ou la retrouver, si l'association a déjà votre adresse e-mail).
member_me_create = Créer ma fiche à partir de mon compte
member_me_created = Votre fiche est reliée à votre compte.
member_me_taken = La fiche de votre adresse e-mail est déjà reliée à un autre compte. Demandez à l'équipe de l'association de vérifier.
member_me_details = Mes coordonnées
member_me_erased = Cette fiche a été effacée à votre demande.
member_me_email_help = c'est l'adresse de votre compte
member_first_name = Prénom
member_last_name = Nom
member_phone = Téléphone
member_address = Adresse
member_postal_code = Code postal
member_city = Ville
member_country = Pays
member_birth_date = Date de naissance
member_mail_language = Langue des e-mails de l'association
member_me_consents = Mes accords
member_consent_newsletter = J'accepte de recevoir la lettre d'information
member_consent_photos = J'accepte d'apparaître sur les photos publiées par l'association
member_consents_help = Vous pouvez changer d'avis à tout moment ; chaque choix est noté avec sa date.
member_consents_save = Enregistrer mes choix
member_me_registrations = Mes inscriptions
member_me_no_registrations = Aucune inscription à un événement avec votre adresse e-mail.
member_me_history = Historique de ma fiche
member_log_created = Fiche créée
member_log_edited = Fiche modifiée
member_log_merged = Fiches en double réunies
member_log_account_linked = Compte relié
member_log_consent = Accord enregistré
member_log_membership = Adhésion
member_log_subscribed = Inscription à une lettre
member_log_unsubscribed = Désinscription d'une lettre
member_log_bounced = Adresse e-mail refusée par le serveur de messagerie
member_log_reminded = Rappel de renouvellement envoyé
member_log_imported = Importée d'un fichier
member_log_exported = Données exportées
member_log_anonymized = Fiche effacée

## Renewal reminders, by mail: $name is the association's, $date the membership's end

reminder_subject_ends = Votre adhésion à { $name } se termine le { $date }
reminder_subject_ended = Votre adhésion à { $name } s'est terminée le { $date }
# $hello is the greeting, $news the subject above, $base the site's address.
reminder_mail =
    { $hello }

    { $news }.

    Pour la renouveler : { $base }
    ou adressez-vous à un·e bénévole lors de votre prochaine visite.

    Si vous l'avez déjà renouvelée, merci, et ne tenez pas compte de ce message.

    { $name }
