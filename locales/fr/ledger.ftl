### Words of the books (the ledger).

## Journals

ledger_journal_bank = Banque
ledger_journal_cash = Caisse
ledger_journal_sales = Ventes
ledger_journal_purchases = Achats
ledger_journal_misc = Opérations diverses
ledger_journal_opening = À-nouveaux

## Everyday categories

ledger_category_dues = Cotisations
ledger_category_donations = Dons
ledger_category_subsidies = Subventions
ledger_category_workshops = Ateliers et cours
ledger_category_events = Manifestations
ledger_category_bar = Buvette
ledger_category_room_hire = Location de salle (reçue)
ledger_category_interest = Intérêts du livret
ledger_category_other_income = Autres recettes
ledger_category_instructors = Intervenants
ledger_category_rent = Loyer et location de salle (payée)
ledger_category_energy = Énergie et eau
ledger_category_supplies = Fournitures
ledger_category_small_equipment = Petit matériel
ledger_category_office_supplies = Fournitures de bureau
ledger_category_bar_purchases = Achats pour la buvette
ledger_category_insurance = Assurance
ledger_category_bank_charges = Frais bancaires
ledger_category_telecoms = Téléphone, internet, affranchissement
ledger_category_publicity = Communication et impression
ledger_category_travel = Déplacements
ledger_category_receptions = Réceptions et repas
ledger_category_author_rights = Droits d’auteur (SACEM)
ledger_category_federation_dues = Cotisations à une fédération
ledger_category_other_expense = Autres dépenses

## Words written in the books

ledger_opening_label = À-nouveaux
ledger_dues_label = Cotisation { $name }
ledger_dues_reversed_label = Annulation de la cotisation n° { $id }
ledger_dues_corrected_label = Correction de la cotisation n° { $id }

## Mistakes

ledger_account_not_mapped = Le compte { $number } n’a pas de correspondance sur le plan { $chart } : ajoutez-la avant de clôturer.
ledger_account_number_invalid = Un numéro de compte est fait de chiffres (10 au plus) et commence par une classe de 1 à 8.
ledger_account_exists = Ce compte existe déjà sur ce plan.
ledger_account_label_invalid = Donnez un intitulé au compte (200 caractères au plus).
ledger_account_position_invalid = Choisissez la nature du compte (actif, passif, charge ou produit).
ledger_account_unknown = Ce compte n’est pas sur le plan comptable de l’exercice.
ledger_account_missing = Le compte { $number } n’est pas sur le plan comptable de l’exercice : vérifiez les réglages de la comptabilité.
ledger_category_invalid = Choisissez une catégorie de la liste.
ledger_year_date_required = Indiquez le premier et le dernier jour de l’exercice.
ledger_year_ends_before_start = L’exercice doit finir après son premier jour.
ledger_year_first_too_long = Un premier exercice dure au plus 24 mois.
ledger_year_too_long = Un exercice dure au plus 12 mois (seul le premier peut aller jusqu’à 24).
ledger_year_overlaps = Cet exercice chevauche un exercice existant.
ledger_year_gap = Un exercice commence le lendemain de la fin du précédent (ou finit la veille du premier) : pas de trou entre deux exercices.
ledger_year_chart_invalid = Ce plan comptable n’existe pas.
ledger_no_year = Créez d’abord un exercice.
ledger_date_in_no_year = Aucun exercice ne couvre cette date : créez l’exercice d’abord.
ledger_year_closed = L’exercice du { $start } au { $end } est clôturé : rien n’y change plus. Corrigez par une écriture dans l’exercice ouvert.
ledger_entry_label_required = Donnez un libellé à l’écriture.
ledger_entry_too_few_lines = Une écriture a au moins deux lignes.
ledger_entry_unbalanced = L’écriture n’est pas équilibrée : le total des débits doit égaler celui des crédits.
ledger_entry_validated = Une écriture validée ne se modifie pas : passez une écriture d’annulation.
ledger_line_negative = Un montant ne peut pas être négatif.
ledger_line_too_large = Ce montant est trop grand.
ledger_line_one_side = Chaque ligne a un montant au débit ou au crédit, pas les deux, et pas zéro.
ledger_reverse_draft = Un brouillon ne s’annule pas : modifiez-le.
ledger_reverse_reversal = Une écriture d’annulation ne s’annule pas.
ledger_close_previous_open = Clôturez d’abord l’exercice précédent.
ledger_close_drafts_left = { $count ->
    [one] Il reste un brouillon dans l’exercice : validez-le ou modifiez-le avant de clôturer.
   *[other] Il reste { $count } brouillons dans l’exercice : validez-les ou modifiez-les avant de clôturer.
}
ledger_close_no_next_year = Créez l’exercice suivant avant de clôturer : les soldes y sont reportés.
ledger_close_unbalanced = Les contributions volontaires en nature (comptes 86 et 87) ne s’équilibrent pas : corrigez-les avant de clôturer.
ledger_journal_invalid = Choisissez un journal : banque, caisse, ventes, achats ou opérations diverses.
ledger_date_required = Indiquez la date.
ledger_amount_required = Indiquez le montant.
ledger_amount_positive = Le montant doit être plus grand que zéro.
ledger_amount_invalid = Écrivez le montant en euros, par exemple 12,50.
ledger_method_invalid = Choisissez comment cela a été payé.

## Dashboard

ledger_years = Exercices comptables
ledger_years_none = Aucun exercice pour l’instant : créez le premier pour tenir les comptes ici.
ledger_year = Exercice
ledger_chart = Plan comptable
ledger_year_state = État
ledger_year_open_state = Ouvert
ledger_year_closed_state = Clôturé et scellé
ledger_year_new = Nouvel exercice
ledger_year_new_help = L’exercice suit les statuts : il peut commencer n’importe quel mois ; le premier peut durer jusqu’à 24 mois, les suivants 12 mois au plus, sans trou entre deux.
ledger_year_starts_on = Premier jour
ledger_year_ends_on = Dernier jour
ledger_year_create = Créer l’exercice
ledger_form_has_errors = Le formulaire a des erreurs : voyez les messages sous les champs.
ledger_journal = Journal de l’exercice
ledger_journal_column = Journal
ledger_entries_none = Aucune écriture pour l’instant.
ledger_date = Date
ledger_number = N°
ledger_label = Libellé
ledger_amount = Montant
ledger_amount_help = En euros, par exemple 12,50.
ledger_draft = brouillon
ledger_reversal = annulation
ledger_plain_income = Nous avons reçu
ledger_plain_expense = Nous avons payé
ledger_category = Catégorie
ledger_method = Moyen de paiement
ledger_piece_ref = Référence de la pièce (n° de facture…)
ledger_close_title = Clôturer l’exercice
ledger_close_help = La clôture calcule le résultat, reporte les soldes et le résultat dans l’exercice suivant (qui doit être créé) et scelle l’exercice : plus rien n’y changera.
ledger_close_confirm = J’ai compris que l’exercice ne pourra plus être modifié.
ledger_close_confirm_required = Cochez la case pour confirmer la clôture.
ledger_close_button = Clôturer et sceller
ledger_fec_download = Télécharger le FEC (fichier des écritures comptables)
ledger_trial_balance = Balance générale
ledger_income_statement = Compte de résultat
ledger_report_csv = Télécharger en CSV (LibreOffice, Excel)
ledger_report_account = Compte
ledger_report_label = Intitulé
ledger_report_debit = Débit
ledger_report_credit = Crédit
ledger_report_debit_balance = Solde débiteur
ledger_report_credit_balance = Solde créditeur
ledger_report_total = Total
ledger_is_operating_income = Produits d’exploitation
ledger_is_operating_expenses = Charges d’exploitation
ledger_is_operating_result = Résultat d’exploitation
ledger_is_financial_income = Produits financiers
ledger_is_financial_expenses = Charges financières
ledger_is_financial_result = Résultat financier
ledger_is_exceptional_income = Produits exceptionnels
ledger_is_exceptional_expenses = Charges exceptionnelles
ledger_is_exceptional_result = Résultat exceptionnel
ledger_is_taxes = Impôts sur les bénéfices
ledger_is_dedicated_funds_income = Report des ressources non utilisées des exercices antérieurs
ledger_is_dedicated_funds_expenses = Reports en fonds dédiés
ledger_is_result = Excédent ou déficit
ledger_is_in_kind_income = Contributions volontaires en nature
ledger_is_in_kind_expenses = Emplois des contributions volontaires en nature
