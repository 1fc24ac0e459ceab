### Words of the newsletter subscription pages and mails, and of the lists in the dashboard.

## The public pages

nl_sub_title = Lettre d'information
nl_sub_intro = Recevez par e-mail les nouvelles du lieu et le programme des événements. Pas de publicité, pas de revente de votre adresse.
nl_sub_what_you_get = En vous inscrivant, vous acceptez de recevoir cette lettre. Vous recevrez d'abord un e-mail pour confirmer : rien ne vous sera envoyé sans cette confirmation. Chaque lettre contient un lien pour vous désinscrire en un clic.
nl_sub_name_optional = Votre nom (facultatif)
nl_sub_lists = Ce que vous voulez recevoir
nl_sub_button = M'inscrire
nl_sub_honeypot = Laissez ce champ vide
nl_sub_choose_list = Cochez au moins une lettre.
nl_sub_list_invalid = Cette lettre n'est pas ouverte aux inscriptions.
nl_sub_archive = Lettres déjà parues
nl_sub_archive_empty = Aucune lettre n'est encore parue.
nl_sub_closed = Les inscriptions à la lettre ne sont pas ouvertes pour le moment.
nl_sub_check_title = Vérifiez votre boîte mail
nl_sub_check_text = Si l'adresse est correcte, un e-mail de confirmation vient d'y être envoyé. Ouvrez le lien qu'il contient pour confirmer votre inscription. Pensez à regarder dans les indésirables.
nl_sub_check_nothing_else = Tant que vous n'avez pas confirmé, nous ne vous enverrons rien. Le lien est valable 7 jours.
nl_sub_back = Retour à la lettre d'information
nl_sub_confirm_title = Confirmer l'inscription
nl_sub_confirm_question = Confirmez-vous vouloir recevoir :
nl_sub_confirm_button = Confirmer
nl_sub_confirmed = C'est confirmé : vous êtes inscrit·e. Merci !
nl_sub_leave_any_time = Vous pouvez partir à tout moment, en un clic, depuis chaque lettre ou avec ce lien :
nl_sub_unsubscribe_from = Se désinscrire de
nl_sub_already_confirmed = Cette inscription est déjà confirmée : vous n'avez rien d'autre à faire.
nl_sub_expired = Ce lien de confirmation a expiré (il est valable 7 jours). Rien n'a été changé. Inscrivez-vous à nouveau pour recevoir un nouveau lien.
nl_sub_link_unknown = Ce lien n'est pas valable : il est incomplet, ou un lien plus récent l'a remplacé. Vérifiez le dernier e-mail reçu, ou inscrivez-vous à nouveau.
nl_sub_subscribe_again = S'inscrire à nouveau
nl_sub_unsubscribe_title = Se désinscrire
nl_sub_unsubscribe_question = Ne plus recevoir cette lettre à l'adresse
nl_sub_unsubscribe_button = Me désinscrire
nl_sub_unsubscribed = C'est fait : vous ne recevrez plus cette lettre.
nl_sub_already_unsubscribed = Vous êtes déjà désinscrit·e : vous ne recevez plus cette lettre.
nl_sub_unsubscribe_unknown = Ce lien de désinscription n'est pas valable. S'il vient d'une de nos lettres, il a peut-être été coupé : copiez-le en entier, ou écrivez-nous.
nl_sub_changed_mind = Vous avez changé d'avis ? Vous pouvez vous réinscrire quand vous voulez.

## Lists in the dashboard

list_lists = Listes de diffusion
list_new = Nouvelle liste
list_edit = Modifier la liste
list_name = Nom de la liste
list_slug = Identifiant (dans les adresses)
list_slug_help = Laissé vide, il est fait à partir du nom. Minuscules sans accent, chiffres et tirets.
list_description = Description
list_description_help = Montrée sur le formulaire d'inscription pour une liste publique.
list_kind = Type de liste
list_kind_public = Publique : chacun s'inscrit sur le site et confirme par e-mail
list_kind_private = Privée : l'équipe y ajoute les personnes
list_kind_members = Adhérents : les adhérents à jour y sont inscrits par leur adhésion
list_kind_public_short = publique
list_kind_private_short = privée
list_kind_members_short = adhérents
list_kind_invalid = Choisissez un type de liste.
list_slug_taken = Une autre liste utilise déjà cet identifiant.
list_confirmed = Confirmés
list_pending = En attente de confirmation
list_unsubscribed = Désinscrits
list_status_confirmed = confirmé
list_status_pending = en attente
list_status_unsubscribed = désinscrit
list_all_statuses = Tous
list_subscribers = Abonnés
list_search = Chercher (nom ou adresse)
list_filter = Filtrer
list_no_subscribers = Personne ici pour l'instant.
list_source = Origine
list_since = Depuis
list_bounced = adresse refusée
list_add_someone = Ajouter quelqu'un
list_add_name = Nom (facultatif)
list_add_how = Comment ?
list_add_by_mail = Envoyer un e-mail de confirmation (la personne confirme elle-même)
list_add_consent_given = Accord donné autrement (bulletin papier, en personne…) : inscrire tout de suite
list_consent_source = Où et quand l'accord a été donné
list_consent_source_help = Par exemple : bulletin d'adhésion papier du 12/09/2026. C'est la preuve du consentement.
nl_sub_consent_source_required = Dites où et quand la personne a donné son accord.
list_add_button = Ajouter
list_added_confirmed = Ajouté·e à la liste.
list_added_confirmation_sent = Un e-mail de confirmation est parti ; la personne apparaîtra comme confirmée après son clic.
list_added_confirmation_sent_recently = Un e-mail de confirmation est déjà parti vers cette adresse il y a moins de 10 minutes ; aucun autre n'est envoyé pour l'instant.
list_added_already_confirmed = Cette personne est déjà inscrite à la liste.
list_unsubscribe = Désinscrire
list_unsubscribed_notice = La personne est désinscrite.
list_saved = La liste est enregistrée.
list_deleted = La liste est supprimée.
list_delete = Supprimer la liste
list_delete_warning = Les abonnements à cette liste seront effacés (le registre des consentements reste).
list_delete_refused = Des lettres utilisent cette liste : elle ne peut pas être supprimée.
list_embed = Mettre le formulaire sur un autre site
list_embed_help = Copiez l'un de ces extraits dans la page d'un autre site (un blog, le site d'un partenaire). Les personnes inscrites par là confirment par e-mail comme sur ce site.
list_embed_iframe = Dans un cadre (le plus simple)
list_embed_form = En formulaire HTML simple (prend le style de l'autre site)
list_export = Exporter en CSV
list_campaigns = Lettres
list_page = Page
list_previous = Précédents
list_next = Suivants
list_found = trouvé(s)
list_see_public_form = Voir le formulaire public
list_csv_first_name = Prénom
list_csv_last_name = Nom
list_csv_subscribed_at = Inscrit le
list_csv_confirmed_at = Confirmé le
list_csv_unsubscribed_at = Désinscrit le

## The confirmation mail: $site is the association's name, $lists the lists asked for

sub_mail_subject = Confirmez votre inscription
sub_mail_asked = Vous avez demandé à recevoir { $lists } de { $site }.
sub_mail_list_name = « { $name } »
sub_mail_how = Pour confirmer, ouvrez ce lien puis appuyez sur le bouton « Confirmer » :
sub_mail_button = Confirmer mon inscription
sub_mail_valid =
    { $days ->
        [one] Le lien est valable { $days } jour.
       *[other] Le lien est valable { $days } jours.
    } Tant que vous n'avez pas confirmé, nous ne vous enverrons rien d'autre.
sub_mail_unsubscribe = Vous pourrez vous désinscrire à tout moment, en un clic, depuis chaque lettre.
sub_mail_not_you = Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message : vous ne recevrez rien.

## A campaign's mail, around the newsletter itself

campaign_mail_read_online = Lire sur le site
campaign_mail_read_online_at = Lire sur le site : { $url }
campaign_mail_why = Vous recevez cette lettre parce que vous êtes inscrit·e aux nouvelles de { $site }.
campaign_mail_unsubscribe = Se désinscrire en un clic
campaign_mail_unsubscribe_at = Se désinscrire en un clic : { $url }
