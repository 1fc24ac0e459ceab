### What a person registered for an event is told, by mail or by direct message on the
### fediverse. $title is the event's, $date its start in its own time zone, $cancel the link
### that cancels, $position the place on the waiting list. $confirm is the confirm line below
### (with a blank line around it) when the place waits for a confirmation, else nothing.

## Subjects

notice_subject_confirm_place = Confirmez votre place
notice_subject_confirm_address = Confirmez votre adresse
notice_subject_confirmed = Inscription confirmée
notice_subject_waitlisted = Liste d'attente
notice_subject_pending = Inscription reçue
notice_subject_refused = Inscription refusée
notice_subject_cancelled = Inscription annulée
notice_subject_event_cancelled = Événement annulé
notice_subject_message = Message
notice_subject_already = Déjà inscrit·e

## A place that waits for its confirmation: $deadline, $link

notice_confirm_line =
    Confirmez-la avant le { $deadline } en ouvrant ce lien : { $link }
    Sans confirmation, elle sera libérée pour quelqu'un d'autre. Si vous n'avez rien demandé, ignorez ce message.

## Held places (web registrations waiting for their confirmation)

notice_held_confirmed = Une place vous est retenue pour « { $title } », le { $date }.{ $confirm }Pour annuler : { $cancel }
notice_held_promoted = Une place s'est libérée : elle vous est retenue pour « { $title } », le { $date }.{ $confirm }Pour annuler : { $cancel }
notice_held_waitlisted =
    « { $title } » ({ $date }) est complet. Votre place sur la liste d'attente, en position { $position }, vous est retenue.{ $confirm }Si une place se libère, vous serez inscrit·e et prévenu·e.
    Pour vous retirer : { $cancel }
notice_held_pending = Votre demande pour « { $title } » ({ $date }) est reçue ; l'équipe vous répondra.{ $confirm }Pour annuler : { $cancel }

## Registrations

notice_confirmed =
    Vous êtes inscrit·e à « { $title } », le { $date }.
    Pour annuler : { $cancel }
notice_promoted =
    Une place s'est libérée : vous êtes inscrit·e à « { $title } », le { $date }.
    Pour annuler : { $cancel }
notice_waitlisted =
    « { $title } » ({ $date }) est complet. Vous êtes sur la liste d'attente, en position { $position }. Si une place se libère, vous serez inscrit·e et prévenu·e.
    Pour vous retirer : { $cancel }
notice_pending =
    Votre demande pour « { $title } » ({ $date }) est reçue ; l'équipe vous répondra.
    Pour annuler : { $cancel }
notice_refused = Votre inscription à « { $title } » ({ $date }) n'a pas pu être acceptée.
notice_cancelled = Votre inscription à « { $title } » ({ $date }) est annulée. Merci de nous avoir prévenus.
notice_event_cancelled = « { $title } », prévu le { $date }, est annulé. Nous sommes désolés.
# The organizers' own words follow.
notice_message = À propos de « { $title } » ({ $date }) :

## The same address typed again into the web form

notice_already_waitlisted =
    Vous étiez déjà sur la liste d'attente de « { $title } » ({ $date }), en position { $position }.{ $confirm }
    Pour vous retirer : { $cancel }
notice_already_pending =
    Votre demande pour « { $title } » ({ $date }) était déjà reçue ; l'équipe vous répondra.{ $confirm }
    Pour annuler : { $cancel }
notice_already_held =
    Vous étiez déjà inscrit·e à « { $title } » ({ $date }) : une place vous est retenue.{ $confirm }
    Pour annuler : { $cancel }
notice_already_confirmed =
    Vous étiez déjà inscrit·e à « { $title } » ({ $date }) : votre place est confirmée, il n'y a rien d'autre à faire.
    Pour annuler : { $cancel }
notice_already_note = Quelqu'un (vous, sans doute) a de nouveau inscrit cette adresse sur le site ; rien n'a changé.

## A registration from the fediverse that cannot be taken: $when is the event's date and hours

notice_closed = Inscription impossible à « { $title } » ({ $when }) : { $why }.
notice_closed_event_past = l'événement est passé
notice_closed_event_cancelled = l'événement est annulé
notice_closed_registration_not_open_yet = les inscriptions ne sont pas encore ouvertes
notice_closed_registration_not_offered = cet événement ne prend pas d'inscriptions
notice_closed_registration_closed = les inscriptions sont closes

## The poll attached to an event on the fediverse (Mastodon users vote to register): $title and
## $when are escaped HTML, $option the answer to vote for

poll_content = Inscriptions pour « { $title } », { $when }. Votez « { $option } » pour réserver votre place : la réponse vous arrivera en message direct.
poll_content_capacity = Inscriptions pour « { $title } », { $when } ({ $capacity } places). Votez « { $option } » pour réserver votre place : la réponse vous arrivera en message direct.
