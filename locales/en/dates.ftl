### Dates and times: the names of days and months, and how a date is written.

## Days, Monday first (chrono's order from Monday)

weekday_1 = Monday
weekday_2 = Tuesday
weekday_3 = Wednesday
weekday_4 = Thursday
weekday_5 = Friday
weekday_6 = Saturday
weekday_7 = Sunday

## Months

month_1 = January
month_2 = February
month_3 = March
month_4 = April
month_5 = May
month_6 = June
month_7 = July
month_8 = August
month_9 = September
month_10 = October
month_11 = November
month_12 = December

## Dates in words: $weekday and $month are the names above, $day and $year numbers

date_long = { $day } { $month } { $year }
date_weekday_day_month = { $weekday } { $day } { $month }
date_weekday_long = { $weekday } { $day } { $month } { $year }

## Dates in figures, as chrono patterns (%d day, %m month, %Y year, %H hour, %M minute)

date_numeric = %Y-%m-%d
datetime_numeric = %Y-%m-%d %H:%M
datetime_at = %Y-%m-%d at %H:%M

## Amounts: $amount is already written with the separator below

money_euros = €{ $amount }
decimal_separator = .
