# Notifications vers la messagerie de l'association (Mattermost), et sa commande.

chat_notifications = Notifications de messagerie
chat_notifications_intro = Ce qui se passe ici peut être publié dans votre Mattermost (ou une autre messagerie qui accepte les webhooks entrants de type Slack). Chaque règle publie les types choisis vers un webhook ; une rafale devient un seul message par minute.
chat_rule_new = Nouvelle règle
chat_rule_edit = Modifier la règle
chat_rule_delete = Supprimer cette règle
chat_rules_none = Aucune règle : rien n'est publié dans la messagerie.
chat_rule_where = Où
chat_rule_kinds = Ce qu'elle publie
chat_rule_digest = Résumé du matin
chat_rule_saved = La règle est enregistrée.
chat_rule_deleted = La règle est supprimée.
chat_webhook_url = Adresse du webhook entrant
chat_webhook_url_help = Dans Mattermost : Intégrations › Webhooks entrants › Ajouter ; copiez l'adresse affichée (https://…/hooks/…).
chat_channel = Canal (facultatif)
chat_channel_help = Le nom du canal tel que dans son adresse (town-square) ; vide : le canal du webhook.
chat_digest_at = Résumé du matin à (facultatif)
chat_digest_at_help = Chaque jour à cette heure (fuseau de l'association) : les événements du jour, leurs places restantes et les inscriptions depuis la veille. Vide : pas de résumé.
chat_test_send = Envoyer un message d'essai
chat_test_ok = Le message d'essai est publié : regardez dans la messagerie.
chat_test_failed = Le message d'essai n'a pas pu être publié : { $problem }
chat_test_message = Message d'essai de { $site } : les notifications arrivent bien dans ce canal.
chat_url_not_http = Donnez une adresse qui commence par https:// (ou http://).
chat_url_private = Cette adresse est sur un réseau privé ou sur cette machine : donnez l'adresse publique de votre messagerie.
chat_url_unknown_host = Le serveur de cette adresse est introuvable : vérifiez l'adresse.
chat_channel_invalid = Un nom de canal n'a que des lettres, des chiffres, des points, des tirets et des soulignés.
chat_digest_time_invalid = Donnez une heure comme 08:00.
chat_rule_carries_nothing = Choisissez au moins un type, ou une heure pour le résumé.
chat_kind_registration = Nouvelle inscription
chat_kind_waitlist = Sur liste d'attente
chat_kind_cancellation = Désinscription
chat_kind_event_full = Événement complet
chat_kind_approval = Inscription en attente de validation
chat_kind_membership = Nouvelle adhésion ou renouvellement
chat_kind_newsletter = Lettre envoyée (chiffres et rejets)
chat_kind_follower = Nouvel abonné du fédivers
chat_kind_mention = Réponse ou mention venue du fédivers
chat_kind_job_failed = Tâche de fond en échec (admins)

chat_group = **{ $n } × { $kind }**
chat_more = … et { $n } de plus.
chat_registered = { $name } s'est inscrit·e à { $event } ({ $confirmed }/{ $capacity }).
chat_registered_open = { $name } s'est inscrit·e à { $event } ({ $confirmed } inscrit·es).
chat_promoted = { $name } a obtenu une place pour { $event } depuis la liste d'attente ({ $confirmed }/{ $capacity }).
chat_waitlisted = { $name } est sur la liste d'attente de { $event } (position { $position }).
chat_cancelled = { $name } s'est désinscrit·e de { $event }.
chat_event_full = { $event } est complet : { $capacity } places prises.
chat_awaiting_approval = { $name } demande à s'inscrire à { $event } : en attente de votre validation.
chat_member_new = Nouvelle adhésion : { $name } ({ $category }).
chat_member_renewal = Renouvellement : { $name } ({ $category }).
chat_newsletter_sent = Lettre « { $subject } » envoyée : { $sent } remises, { $failed } en échec, { $bounced } rejetées.
chat_follower = Nouvel abonné du fédivers : { $actor }
chat_mention = { $actor } a écrit à l'association : « { $excerpt } » { $url }
chat_job_failed = Une tâche de fond a échoué pour de bon : { $kind } (n° { $id }) : { $error }. Voyez la page des tâches de fond.

chat_digest_title = **Aujourd'hui, { $day }**
chat_digest_no_event = Aucun événement aujourd'hui.
chat_digest_places_left = { $n ->
    [one] { $n } place restante
   *[other] { $n } places restantes
}
chat_digest_no_limit = sans limite
chat_digest_registered = Inscrit·es
chat_digest_places = Places
chat_digest_registrations = { $n ->
    [one] { $n } inscription depuis hier.
   *[other] { $n } inscriptions depuis hier.
}

chat_command_title = Commande slash
chat_command_how = Dans Mattermost : Intégrations › Commandes slash › Ajouter, méthode POST, avec cette adresse de requête ; puis collez ici le jeton que Mattermost affiche.
chat_token = Jeton de la commande slash
chat_token_help = Gardé secret ; vide : la commande est refusée.
chat_token_is_set = Un jeton est enregistré : la commande répond.
chat_token_not_set = Pas encore de jeton : la commande est refusée.
chat_token_saved = Le jeton est enregistré.
chat_token_invalid = Un jeton n'a pas d'espace et au plus 200 caractères.
chat_cmd_wrong_token = Le jeton de cette commande n'est pas celui que le site connaît.
chat_cmd_failed = Quelque chose s'est mal passé ; réessayez dans un instant.
chat_cmd_help = Commandes : **places** (les prochains événements et leurs places restantes), **inscrits** *événement* (qui est inscrit : pour les organisateurs dont le compte est lié), **lier** *code* (lie votre compte : le code est sur la page de votre compte), **aide** (cette aide).
chat_cmd_no_events = Aucun événement à venir ne prend d'inscriptions.
chat_cmd_places_title = **Prochains événements**
chat_cmd_full = complet
chat_cmd_unknown_user = Désolé, je ne sais pas encore qui vous êtes : liez votre compte en tapant la commande affichée sur la page de votre compte (Mon compte) du site.
chat_cmd_not_allowed = Désolé, votre rôle ne permet pas de voir qui est inscrit.
chat_cmd_which_event = Quel événement ? Tapez une partie de son titre : inscrits yoga
chat_cmd_no_such_event = Aucun événement à venir n'a ce titre.
chat_cmd_registered_title = **{ $event }** : { $n } inscrit·es
chat_cmd_waiting = Liste d'attente ({ $n }) : { $names }
chat_cmd_pending = En attente de validation ({ $n }) : { $names }
chat_cmd_linked = Votre compte Mattermost est maintenant lié à { $email }.
chat_cmd_link_wrong = Ce code n'est pas le bon : recopiez-le depuis la page de votre compte.

chat_link_title = Mattermost
chat_link_done = Votre compte Mattermost est lié : la commande slash vous connaît.
chat_link_none = Votre compte Mattermost n'est pas encore lié.
chat_link_how = Pour que la commande slash vous connaisse, tapez ceci dans Mattermost après la commande (par exemple /asso lier …). Changer de mot de passe rend ce code inutilisable.
job_kind_chat = Message vers la messagerie
job_kind_chat-digest = Résumé du matin vers la messagerie
