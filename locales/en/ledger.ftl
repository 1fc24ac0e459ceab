### Words of the books (the ledger).

## Journals

ledger_journal_bank = Bank
ledger_journal_cash = Cash
ledger_journal_sales = Sales
ledger_journal_purchases = Purchases
ledger_journal_misc = Miscellaneous
ledger_journal_opening = Opening balances

## Everyday categories

ledger_category_dues = Membership dues
ledger_category_donations = Donations
ledger_category_subsidies = Subsidies
ledger_category_workshops = Workshops and classes
ledger_category_events = Events
ledger_category_bar = Bar
ledger_category_room_hire = Room hire (received)
ledger_category_interest = Savings interest
ledger_category_other_income = Other income
ledger_category_instructors = Instructors
ledger_category_rent = Rent and room hire (paid)
ledger_category_energy = Energy and water
ledger_category_supplies = Supplies
ledger_category_small_equipment = Small equipment
ledger_category_office_supplies = Office supplies
ledger_category_bar_purchases = Bar purchases
ledger_category_insurance = Insurance
ledger_category_bank_charges = Bank charges
ledger_category_telecoms = Phone, internet, postage
ledger_category_publicity = Publicity and printing
ledger_category_travel = Travel
ledger_category_receptions = Receptions and meals
ledger_category_author_rights = Author rights (SACEM)
ledger_category_federation_dues = Federation dues
ledger_category_other_expense = Other expenses

## Words written in the books

ledger_opening_label = Opening balances
ledger_dues_label = Membership dues { $name }
ledger_dues_reversed_label = Membership no. { $id } cancelled
ledger_dues_corrected_label = Membership no. { $id } corrected

## Mistakes

ledger_account_not_mapped = The account { $number } has no counterpart on the chart { $chart }: add one before closing.
ledger_account_number_invalid = An account number is digits (10 at most) starting with a class from 1 to 8.
ledger_account_exists = This account is already on this chart.
ledger_account_label_invalid = Give the account a name (200 characters at most).
ledger_account_position_invalid = Choose what the account is (asset, liability, expense or income).
ledger_account_unknown = This account is not on the year's chart of accounts.
ledger_account_missing = The account { $number } is not on the year's chart of accounts: check the books' settings.
ledger_category_invalid = Choose a category from the list.
ledger_year_date_required = Give the first and the last day of the fiscal year.
ledger_year_ends_before_start = A fiscal year must end after its first day.
ledger_year_first_too_long = A first fiscal year lasts 24 months at most.
ledger_year_too_long = A fiscal year lasts 12 months at most (only the first may last up to 24).
ledger_year_overlaps = This fiscal year overlaps an existing one.
ledger_year_gap = A fiscal year starts the day after the previous one ends (or ends the day before the first one): no gap between years.
ledger_year_chart_invalid = This chart of accounts does not exist.
ledger_no_year = Create a fiscal year first.
ledger_date_in_no_year = No fiscal year covers this date: create the year first.
ledger_year_closed = The fiscal year from { $start } to { $end } is closed: nothing in it changes any more. Correct it with an entry in the open year.
ledger_entry_label_required = Give the entry a label.
ledger_entry_too_few_lines = An entry has at least two lines.
ledger_entry_unbalanced = The entry does not balance: the debits must add up to the credits.
ledger_entry_validated = A validated entry is never edited: book a reversal instead.
ledger_line_negative = An amount cannot be negative.
ledger_line_too_large = This amount is too large.
ledger_line_one_side = Each line has an amount on the debit or the credit side, not both, and not zero.
ledger_reverse_draft = A draft is not reversed: edit it.
ledger_reverse_reversal = A reversal cannot be reversed.
ledger_close_previous_open = Close the previous fiscal year first.
ledger_close_drafts_left = { $count ->
    [one] One draft is left in the year: validate or edit it before closing.
   *[other] { $count } drafts are left in the year: validate or edit them before closing.
}
ledger_close_no_next_year = Create the next fiscal year before closing: the balances are carried into it.
ledger_close_unbalanced = The contributions in kind (accounts 86 and 87) do not balance: correct them before closing.
ledger_journal_invalid = Choose a journal: bank, cash, sales, purchases or miscellaneous.
ledger_date_required = Give the date.
ledger_amount_required = Give the amount.
ledger_amount_positive = The amount must be above zero.
ledger_amount_invalid = Write the amount in euros, for example 12.50.
ledger_method_invalid = Choose how it was paid.

## Dashboard

ledger_years = Fiscal years
ledger_years_none = No fiscal year yet: create the first one to keep the books here.
ledger_year = Fiscal year
ledger_chart = Chart of accounts
ledger_year_state = State
ledger_year_open_state = Open
ledger_year_closed_state = Closed and sealed
ledger_year_new = New fiscal year
ledger_year_new_help = The fiscal year follows the statutes: it may start in any month; the first may last up to 24 months, the next ones 12 months at most, with no gap between two.
ledger_year_starts_on = First day
ledger_year_ends_on = Last day
ledger_year_create = Create the fiscal year
ledger_form_has_errors = The form has mistakes: see the messages under the fields.
ledger_journal = Journal of the fiscal year
ledger_journal_column = Journal
ledger_entries_none = No entry yet.
ledger_date = Date
ledger_number = No.
ledger_label = Label
ledger_amount = Amount
ledger_amount_help = In euros, for example 12.50.
ledger_draft = draft
ledger_reversal = reversal
ledger_plain_income = We received
ledger_plain_expense = We paid
ledger_category = Category
ledger_method = Payment method
ledger_piece_ref = Document reference (invoice number…)
ledger_close_title = Close the fiscal year
ledger_close_help = Closing computes the result, carries the balances and the result into the next fiscal year (which must exist) and seals the year: nothing in it will change any more.
ledger_close_confirm = I understand that the fiscal year can no longer be changed.
ledger_close_confirm_required = Tick the box to confirm the closing.
ledger_close_button = Close and seal
ledger_fec_download = Download the FEC (the French audit file of the entries)
ledger_trial_balance = Trial balance
ledger_income_statement = Income statement
ledger_report_csv = Download as CSV (LibreOffice, Excel)
ledger_report_account = Account
ledger_report_label = Name
ledger_report_debit = Debit
ledger_report_credit = Credit
ledger_report_debit_balance = Debit balance
ledger_report_credit_balance = Credit balance
ledger_report_total = Total
ledger_is_operating_income = Operating income
ledger_is_operating_expenses = Operating expenses
ledger_is_operating_result = Operating result
ledger_is_financial_income = Financial income
ledger_is_financial_expenses = Financial expenses
ledger_is_financial_result = Financial result
ledger_is_exceptional_income = Exceptional income
ledger_is_exceptional_expenses = Exceptional expenses
ledger_is_exceptional_result = Exceptional result
ledger_is_taxes = Taxes on profits
ledger_is_dedicated_funds_income = Unused resources of earlier years brought back
ledger_is_dedicated_funds_expenses = Set aside in dedicated funds
ledger_is_result = Surplus or deficit
ledger_is_in_kind_income = Voluntary contributions in kind
ledger_is_in_kind_expenses = Uses of voluntary contributions in kind
