### Dates and times: the names of days and months, and how a date is written.

## Days, Monday first (chrono's order from Monday)

weekday_1 = lundi
weekday_2 = mardi
weekday_3 = mercredi
weekday_4 = jeudi
weekday_5 = vendredi
weekday_6 = samedi
weekday_7 = dimanche

## Months

month_1 = janvier
month_2 = février
month_3 = mars
month_4 = avril
month_5 = mai
month_6 = juin
month_7 = juillet
month_8 = août
month_9 = septembre
month_10 = octobre
month_11 = novembre
month_12 = décembre

## Dates in words: $weekday and $month are the names above, $day and $year numbers

date_long = { $day } { $month } { $year }
date_weekday_day_month = { $weekday } { $day } { $month }
date_weekday_long = { $weekday } { $day } { $month } { $year }

## Dates in figures, as chrono patterns (%d day, %m month, %Y year, %H hour, %M minute)

date_numeric = %d/%m/%Y
datetime_numeric = %d/%m/%Y %H:%M
datetime_at = %d/%m/%Y à %H:%M

## Amounts: $amount is already written with the separator below

money_euros = { $amount } €
decimal_separator = ,
