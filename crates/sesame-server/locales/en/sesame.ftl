# Sesame web pages, English (the fallback for every other language).

skip-to-content = Skip to content
nav-label = Main
nav-profile = Profile
nav-sign-in = Sign in
nav-sign-out = Sign out
footer-text = Self-service password reset and identity verification

signin-title = Sign in
signin-intro = Sign in to manage how you verify your identity.
signin-username = User name
signin-password = Password
signin-submit = Sign in
signin-failed = The user name or password is incorrect.
signin-locked = Too many failed sign-ins. Try again later.
signin-busy = The server is busy. Try again in a moment.
signin-signed-out = You have signed out.
signin-expired = Your session has ended. Sign in again.

profile-title = Your profile
profile-greeting = Hello, { $name }.
profile-details = Your details
field-username = User name
field-display-name = Name
field-email = E-mail address
field-phone = Phone number
field-employee-id = Employee ID
field-language = Language
language-en = English
language-de = German
language-es = Spanish
field-groups = Groups
value-none = Not set
profile-phone = On the phone
profile-phone-usable = When you call, a voice agent can check who you are with:
profile-phone-none = You cannot prove who you are on the phone yet.
profile-phone-missing = Set these up to use them when you call:
password-change-title = Change your password
password-current = Current password
password-change-submit = Change password
password-changed = Your password has been changed. Every other session was signed out.
error-password-current_wrong = The current password is not right.
error-auth-locked = Too many wrong passwords. Try again in { $wait }.
profile-enrollments = Your verifications
enrollments-intro = Verifications you have set up to prove who you are.
enrollments-none = You have not set up any verification yet.
enrollments-verification = Verification
enrollments-state = State
enrollments-updated = Last changed
enrollment-state-pending = Pending
enrollment-state-active = Active

error-not-found-title = Page not found
error-not-found-text = There is no page at this address.
error-form-expired = The form has expired. Please try again.
error-rate-limited-title = Too many attempts
error-rate-limited-text = Too many attempts came from your network. Try again in { $seconds } seconds.
error-control-characters = The form contains characters that are not allowed, such as control characters.
error-title = Something went wrong
error-text = The request could not be completed. Please try again later.

nav-soft-pin = Soft PIN
profile-soft-pin = Soft PIN
verification-soft_pin = Soft PIN
soft-pin-none = You have not set a Soft PIN yet. A Soft PIN lets you confirm who you are when you call.
soft-pin-set-on = Set on { $date }.
soft-pin-expires-on = Valid until { $date }.
soft-pin-never-expires = It does not expire.
soft-pin-expires-soon = { $days ->
    [one] Your Soft PIN expires in one day. Please change it.
   *[other] Your Soft PIN expires in { $days } days. Please change it.
}
soft-pin-expired = Your Soft PIN has expired. Set a new one to keep using it.
soft-pin-saved = Your Soft PIN has been saved.
soft-pin-title-enroll = Enroll Soft PIN
soft-pin-title-change = Change Soft PIN
soft-pin-intro = A Soft PIN is a six-digit number you give when you call, on the keypad or by voice, to confirm who you are.
soft-pin-rules-heading = Your Soft PIN must
soft-pin-rule-length = have exactly six digits;
soft-pin-rule-repetition = not repeat a digit more than twice in a row (not 111234);
soft-pin-rule-sequence = not contain three digits counting up or down (not 123 or 987);
soft-pin-rule-history = differ from your last { $depth } Soft PINs.
soft-pin-field = New Soft PIN
soft-pin-confirm-field = Repeat the new Soft PIN
soft-pin-submit = Save Soft PIN
soft-pin-cancel = Back to your profile
soft-pin-errors-heading = Please choose another Soft PIN:
soft-pin-error-length = It must have exactly six digits from 0 to 9.
soft-pin-error-repetition = A digit appears more than twice in a row.
soft-pin-error-sequence = It contains three digits counting up or down by one.
soft-pin-error-history = It is the same as one of your last { $depth } Soft PINs.
soft-pin-error-mismatch = The two entries are not the same.
soft-pin-unavailable = Soft PIN enrollment is not available at this time. Please contact your administrator for more details.

email-code-subject = Your { $product } verification code
email-code-body =
    Your verification code is { $code }.

    It expires in { $minutes } minutes. If you did not ask for this code, you can ignore this message.
sms-code-body = { $product } code: { $code }. It expires in { $minutes } minutes.
assist-sms-body = { $product } code: { $code }. Read it to the service desk agent who asked for it. It expires in { $minutes } minutes.

profile-codes = Ways to prove who you are
profile-codes-intro = Set up one-time codes by e-mail or SMS, an authenticator app or security questions.
enrollment-active = Your enrollment is active.
enrollment-removed = The enrollment was removed.
enrollments-destination = Sent to
verification-email = Codes by e-mail
verification-sms = Codes by SMS
codes-title-email = E-mail address for codes
codes-title-sms = Mobile number for codes
codes-current = Currently enrolled
codes-none = Nothing is enrolled yet.
codes-active = Codes go to { $destination }.
codes-pending = { $destination } is verified. Submit it to start using it.
codes-remove = Remove
codes-remove-confirm = Remove this verification? Until you set it up again, it cannot be used to prove who you are.
codes-remove-yes = Yes, remove it
codes-submit = Submit
codes-step-send = 1. Get a code
codes-address-email = E-mail address
codes-address-sms = Mobile number in international form
codes-send = Send code
codes-step-enter = 2. Enter the code
codes-code = Code
codes-confirm = Confirm
codes-sent = We sent a code to { $destination }.
codes-verified = The code is right. Submit to finish.
error-code-invalid = The code is not right. Check it and try again.
error-code-expired = The code has expired. Ask for a new one.
error-code-too_many_attempts = The code was entered wrongly too often. Ask for a new one.
error-code-resend_too_soon = A code was sent a moment ago. You can ask for another in { $wait }.
error-code-daily_limit = Too many codes were sent today. Try again in { $wait }.
error-delivery-unavailable = Codes cannot be sent at the moment. Please contact your administrator.
error-user-email_invalid = The e-mail address is not valid.
error-user-phone_invalid = Enter the number in international form, such as +14155550123.

notice-soft-pin-changed-subject = Your { $product } Soft PIN was changed
notice-soft-pin-changed-body =
    Your Soft PIN was set or changed at { $date } (UTC).

    If this was not you, call your service desk at once.

authenticator-title = Authenticator app
authenticator-intro = Use an authenticator app on your phone to make codes that prove who you are.
authenticator-active = Your authenticator app is set up.
authenticator-start = Set up an authenticator app
authenticator-restart = Set up again with a new key
authenticator-scan = Scan this code with your app
authenticator-qr-caption = The QR code holds your new key. Do not share it.
authenticator-manual = Cannot scan the code?
authenticator-manual-key = Type this key into your app (time-based):
authenticator-copy = Copy key
authenticator-open-app = Open in an authenticator app on this device
authenticator-code = The { $digits }-digit code your app shows now
authenticator-confirm = Confirm
verification-authenticator = Authenticator app
error-authenticator-invalid_code = The code is not right. Check your phone's time and try the code your app shows now.
error-authenticator-locked = Too many wrong codes. Try again in { $wait }.

questions-title = Security questions
questions-intro = Choose { $count } questions and answer each. You will be asked some of them to prove who you are. Answers ignore upper and lower case and extra spaces.
questions-enrolled = You have answered { $count } questions. Saving again replaces them.
questions-number = Question { $number }
questions-question = Question
questions-answer = Your answer
questions-save = Save answers
verification-qa = Security questions
verification-enter_username = User name
verification-confirm_email = E-mail address on file
error-questions-count = Answer every question.
error-questions-unknown = One of the questions can no longer be chosen.
error-questions-repeated = Choose each question only once.
error-questions-answer_too_short = An answer is too short.
error-questions-answer_invalid = An answer may have at most 200 characters and no control characters.
error-questions-answers_repeated = Give a different answer to each question.
error-auth-reauthentication_required = To remove a verification, sign out and sign in again first.

notice-soft-pin-expiring-subject = Your { $product } Soft PIN expires soon
notice-soft-pin-expiring-body =
    Your Soft PIN, which proves who you are when you call, expires soon.

    Sign in to { $product } and set a new one on your profile page to keep using it.

notice-password-reset-subject = Your { $product } password was reset
notice-password-reset-body =
    Your password was reset at { $date } (UTC), and every session was signed out.

    If this was not you, call your service desk at once.

notice-password-changed-subject = Your { $product } password was changed
notice-password-changed-body =
    Your password was changed at { $date } (UTC), and every other session was signed out.

    If this was not you, call your service desk at once.

notice-account-unlocked-subject = Your { $product } account was unlocked
notice-account-unlocked-body =
    Your account was unlocked at { $date } (UTC).

    If this was not you, call your service desk at once.

generated-password-subject = Your new { $product } password
generated-password-body =
    Your new password is: { $password }

    Sign in with it and keep it secret.

signin-forgot = Forgot your password?
reset-title = Reset your password
reset-intro = Prove who you are with the verifications you enrolled in, then choose a new password.
reset-unavailable = Self-service password reset is not available. Please contact your service desk.
reset-process = What do you want to reset?
reset-identifier-username = User name
reset-identifier-email = E-mail address
reset-identifier-either = User name or e-mail address
reset-continue = Continue
reset-back-to-signin = Back to sign-in
reset-ended-expired = Your reset request has expired. Please start again.
reset-ended-failed = A verification failed, so that reset request has ended. You can start again.
reset-ended-finished = That reset request is complete.
reset-ended-missing = Start by telling us who you are.
reset-verify-title = Verify your identity
reset-remaining = { $count ->
    [one] Pass one of the verifications below. If you are not enrolled in one, choose another.
   *[other] Pass { $count } more of the verifications below. If you are not enrolled in one, choose another.
}
reset-verified = You have passed the verifications.
reset-mandatory = (required)
reset-passed = Passed.
reset-send-code = Send me a code
reset-send-again = Send a new code
reset-code-sent = If you enrolled an address or number for this, a code is on its way. Enter it here.
reset-check = Check
reset-ask-questions = Answer my security questions
reset-authenticator-code = The code your authenticator app shows
reset-soft-pin = Your Soft PIN
reset-confirm-email = Your e-mail address
reset-enter-username = Your user name
reset-start-over = Start over
reset-failed-title = Verification failed
reset-failed-text = That answer was not right and no tries are left, so this reset request has ended. You can start again; after several failed requests, self-service reset is blocked for a day.
reset-wrong = { $tries ->
    [one] That answer was not right. You have one more try; after another wrong answer this request ends.
   *[other] That answer was not right. You have { $tries } more tries; after the last, this request ends.
}
reset-block-warning = After { $requests } failed requests, self-service reset is blocked for { $wait }.
help-desk-contact = If you are stuck, your help desk can help: { $contact }
reset-finish-title = Choose what to do
reset-new-password = New password
reset-password-rules = At least { $min } characters. A few unrelated words make a strong password; it must not contain your name or be one you used recently.
reset-confirm-password = New password again
reset-set-password = Set the new password
reset-password-problems = The new password was not accepted:
reset-passwords-differ = The two passwords are not the same.
reset-generated-intro = A new password will be made for you.
reset-generate = Make my new password
reset-unlock-title = Unlock your account
reset-unlock-intro = If your account is locked after too many wrong passwords, you can unlock it and keep your password.
reset-unlock = Unlock my account
reset-strength-0 = Strength: very weak
reset-strength-1 = Strength: weak
reset-strength-2 = Strength: fair
reset-strength-3 = Strength: strong
reset-strength-4 = Strength: very strong
reset-done-title = Password changed
reset-done = Your password has been changed and every session was signed out. Sign in with your new password.
reset-done-generated = Your new password is below. It is shown only this once.
reset-generated-once = Write it down or store it in a password manager now; you will not see it again.
reset-done-sent-email = Your new password was sent to your e-mail address.
reset-done-sent-sms = Your new password was sent to your phone.
reset-unlocked = Your account is unlocked. You can sign in with your password.
reset-go-signin = Go to sign-in
captcha-intro = Before you continue, your browser does a short calculation that shows it is a browser and not a program guessing names by the thousand. It takes about a second and needs nothing from you.
captcha-progress = Progress of the browser check
captcha-working = Your browser is doing the check…
captcha-done = The check is done. You can continue.
captcha-waiting = The check is almost done; your request is sent as soon as it is.
captcha-failed = The check could not run in this browser. Load the page again, or use another browser.
captcha-noscript = This step needs JavaScript, which is off in this browser. Turn JavaScript on and load the page again, or use another browser. Without it, your help desk can reset your password for you.
error-captcha-required = The browser check was not done, so your request was not sent. With JavaScript on, wait until it says it is done, then continue.
error-captcha-invalid = The browser check did not hold (it may have expired). It runs again now; continue once it is done.
error-reset-blocked = Too many failed reset requests. Self-service reset is blocked for { $wait }; your service desk can help sooner.
error-reset-identifier = Enter your user name or e-mail address.
error-process-not_found = This reset is not available.
error-verification-locked = This verification is locked for { $wait } after too many failures. Choose another one or try later.
error-directory-unavailable = The directory cannot be reached right now, so nothing was changed. Please try again later.
error-directory-misconfigured = Passwords cannot be changed through the directory until an administrator fixes its connection, so nothing was changed. The service desk can help.
error-reset-generate_not_allowed = Choose your new password yourself.
error-password-too_short = The password is too short.
error-password-too_long = The password is too long.
error-password-too_weak = The password is too easy to guess. Use a longer phrase of unrelated words.
error-password-contains_identity = The password must not contain your user name or e-mail address.
error-password-reused = You used this password recently. Choose a new one.

nav-desk = Service desk
desk-title = Service desk
desk-lookup = Find the caller
desk-lookup-label = User name, e-mail, phone or employee ID
desk-find = Find
desk-no-user = No user matches { $name }. Try the user name, e-mail address, phone number (+1…) or employee ID.
desk-candidates = No caller matches exactly. Did you mean:
desk-status-active = The account is active.
desk-status-disabled = The account is disabled.
desk-no-locks = No lock or block is in force.
desk-locks = Locks in force
desk-locked-until = until { $time } UTC
desk-unlock-user = Lift every lock
desk-lock-signin = Sign-in
desk-lock-reset = Self-service reset
desk-lock-assist = Caller codes by SMS
desk-lock-phone = On the phone: { $name }
desk-wrong = { $tries ->
    [one] The answer was wrong. One more wrong answer ends this request.
   *[other] The answer was wrong. { $tries } more wrong answers end this request.
}
desk-step-verify-title = Verify the caller
desk-step-remaining = { $count ->
    [one] The caller needs to pass one of the verifications below. If they are not enrolled in one, choose another.
   *[other] The caller needs to pass { $count } more of the verifications below. If they are not enrolled in one, choose another.
}
desk-step-verified = The caller has passed the verifications.
desk-step-send-code = Send the caller a code
desk-step-send-again = Send a new code
desk-step-code-sent = If the caller enrolled an address or number for this, a code is on its way. Enter what the caller reads out.
desk-step-ask-questions = Ask the security questions
desk-step-authenticator-code = The code the caller's authenticator app shows
desk-step-soft-pin = The caller's Soft PIN
desk-step-confirm-email = The caller's e-mail address
desk-step-enter-username = The caller's user name
desk-enrollments = Enrolled verifications
desk-no-enrollments = This user has not enrolled in any verification.
desk-no-process = No reset process applies to this user.
desk-start = Start a reset request
desk-helping = Verifying { $name }. Ask the caller for each answer; do not read codes out.
desk-code-sent = A code was sent to the caller's enrolled address or number. Ask them to read it back.
desk-reset = Reset with a generated password
desk-reset-done = The password was reset. Read the new password to the caller once; they should change it after signing in.
desk-unlocked = The account is unlocked.
desk-next-caller = Next caller
desk-sms-title = Verify caller by SMS
desk-sms-intro = Send a code to the caller's phone and ask them to read it back. Never read a code out yourself.
desk-sms-send = Send a code
desk-sms-resend = Send a new code
desk-sms-sent = A code was sent to { $number }.
desk-sms-code = Code the caller reads
desk-sms-check = Check
desk-sms-valid = The code is right: the caller has the phone on record.
desk-sms-invalid = { $retries ->
    [0] The code is wrong, and no tries are left in this conversation.
    [one] The code is wrong. One more try is left in this conversation.
   *[other] The code is wrong. { $retries } more tries are left in this conversation.
}
error-desk-failed = The answer was not right, so this request has ended. Start a new one if the caller tries again.
error-assist-no_phone = This user has no phone number on record, so no code was sent.
error-assist-user_locked = Too many wrong codes for this user. Unlock the user before sending another.
error-assist-rate_limited = Too many codes were sent in the last minute. Try again in { $wait }.
error-assist-retries_exhausted = This conversation has used all its tries. The caller cannot be verified by SMS in it.
error-reset-not_in_process = This user is disabled or not in the groups of this process.
error-api_key-not_found = This API key does not exist or was already revoked.
error-assist-code_not_found = This caller code is no longer known. Send a new one.
error-assist-conversation_invalid = The conversation is not valid. Look the caller up again.
error-code_params-length = A code has 4 to 10 digits.
error-code_params-expiry_minutes = A code lasts 1 to 60 minutes.
error-code_params-resend_cooldown_seconds = The wait before another code is 0 to 3600 seconds.
error-code_params-daily_limit = The daily limit is 1 to 100 codes.
error-code_params-max_attempts = A code may be tried 1 to 10 times.
error-conflict = This already exists.
error-credentials-not_listable = Sesame's own password store has no users to copy.
error-database-unavailable = The database is not answering. Try again in { $wait }.
error-directory-no_such_user = The directory has no account for you. Please ask the service desk.
error-directory-refused = The directory refused the new password: { $detail }
error-directory-unconfigured = No directory is configured, so this cannot be done. Please contact your administrator.
error-enrollment-check_failed = This address or number cannot be set up here. Allowed: { $detail }.
error-enrollment-not_pending = Nothing is waiting to be confirmed. Start the set-up again.
error-property-out_of_range = The value is outside what the setting takes.
error-property-unknown = There is no such setting.
error-property-wrong_type = The value is not of the kind the setting takes.
error-question-not_found = This question does not exist.
error-questions-enroll_count = Users answer 1 to 10 questions when they set up.
error-questions-min_answer_length = The shortest answer allowed is 1 to 20 characters.
error-questions-verify_count = The questions asked are at least one and at most as many as users answer.
error-report-period = The first day must come before the last.
error-reset-expired = The reset request has expired. Please start again.
error-reset-failed = This reset request has ended after too many wrong answers.
error-reset-finished = This reset request is already finished.
error-reset-no_destination = There is no e-mail address or phone number to send the new password to. Please ask the service desk.
error-reset-not_found = There is no reset request here. Please start again.
error-reset-not_started = Start this verification first.
error-reset-not_verified = Pass the verifications first.
error-reset-password_generated = This reset makes the new password for you.
error-reset-unlock_not_allowed = This reset cannot unlock accounts.
error-reset-not_enrolled = The caller has no enrolled address or number for this, so nothing was sent. Choose another verification.
error-server-busy = The server is busy. Try again in { $wait }.
error-totp-digits = Codes have 6 or 8 digits.
error-totp-drift_steps = The drift allowed is 0 to 2 steps.
error-totp-step_seconds = A code changes every 15 to 120 seconds.
error-user-not_found = There is no such user.
error-user-status_invalid = A user is either active or disabled.
error-verification-allowed_country_codes = Country codes look like +1 or +44.
error-verification-allowed_domains = Domains look like example.com.
error-verification-answer_form = This answer does not fit the verification. Please try again.
error-verification-not_found = This verification does not exist or is switched off.
error-verification-not_in_process = This verification is not part of this reset.
error-voice_service-not_found = This voice service does not exist.
wait-seconds = { $count ->
    [one] one second
   *[other] { $count } seconds
}
wait-minutes = { $count ->
    [one] one minute
   *[other] { $count } minutes
}
wait-hours = { $count ->
    [one] one hour
   *[other] { $count } hours
}

nav-admin = Administration
admin-title = Administration
admin-intro = Manage users, password reset processes, settings and API keys, and read the activity log and reports.
admin-sections = Administration sections
admin-overview = Overview
admin-users = Users
admin-processes = Reset processes
admin-properties = Settings
admin-api-keys = API keys
admin-audit = Activity log
admin-reports = Reports
admin-overview-users = { $count ->
    [one] One user.
   *[other] { $count } users.
}
admin-overview-processes = { $count ->
    [one] One process, { $active } active.
   *[other] { $count } processes, { $active } active.
}
admin-overview-properties = Runtime settings such as lockouts, lifetimes and the product name.
admin-overview-api-keys = { $count ->
    [one] One active key.
   *[other] { $count } active keys.
}
admin-overview-audit = Who did what, and when.
admin-overview-reports = Reset requests, failed verifications, enrollments and calls over time.
admin-overview-outbox-failed = { $count ->
    [one] One message could not be delivered.
   *[other] { $count } messages could not be delivered.
}
admin-overview-voice = { $count ->
    [0] No voice service yet.
    [one] One voice service.
   *[other] { $count } voice services.
}
admin-overview-blocked-alert = { $count } users were blocked from self-service reset in the last { $minutes } minutes, more than usual: someone may be guessing.
admin-overview-blocked-see = See the blocks
admin-save = Save
admin-yes = Yes
admin-no = No
admin-empty = (empty)
admin-active = Active
admin-inactive = Inactive
admin-created = Created
admin-since = From
admin-until = To
admin-csv = Download CSV
admin-pages = Pages
admin-previous = Previous page
admin-next = Next page
admin-page-of = Page { $page } of { $pages }
admin-page = Page { $page }
admin-users-none = No user's name, user name, e-mail address, phone number or employee ID contains { $text }.
admin-user-search-label = Name, user name, e-mail, phone or employee ID, or a part of one
admin-form-problems = Please correct the marked fields.
admin-whole-number = Enter a whole number.
admin-date-invalid = Enter a date such as 2026-01-31.
admin-id-hint = 1 to 40 lower-case letters, digits, - and _. It cannot be changed later.
admin-groups-hint = Separate groups with commas.
admin-phone-hint = In international form, such as +14155550123.
admin-language-hint = A language tag such as en or de.
admin-notice-user-created = The user was created.
admin-notice-user-saved = The changes were saved.
admin-notice-user-enabled = The user is enabled again.
admin-notice-user-disabled = The user is disabled and every session was signed out.
admin-notice-user-unlocked = Every lock was lifted.
admin-notice-sessions-ended = Every session of the user was signed out.
admin-notice-properties-saved = The settings were saved.
admin-notice-properties-unchanged = Nothing was changed.
admin-notice-api-key-revoked = The key was revoked. It no longer works.
admin-notice-process-created = The process was created.
admin-notice-process-saved = The process was saved.
admin-notice-process-deactivated = The process is inactive. Requests in flight have ended.
admin-user-search = Find users
admin-user-new = New user
admin-user-create = Create user
admin-users-count = { $count ->
    [one] One user in all.
   *[other] { $count } users in all.
}
admin-user-status = State
admin-status-active = Active
admin-status-disabled = Disabled
admin-user-source = Kept in
admin-source-local = Sesame
admin-source-ldap = The directory (LDAP)
admin-user-password = Password in Sesame
admin-user-actions = Account
admin-user-disable = Disable this user
admin-user-disable-confirm = A disabled user cannot sign in or reset their password, and every session is signed out at once.
admin-user-enable = Enable this user
admin-user-end-sessions = Sign out everywhere
admin-user-end-sessions-confirm = Every session of this user ends at once, on every device.
admin-user-edit = Change the profile
admin-initial-password = Initial password
admin-initial-password-hint = Optional. It must meet the password policy.
admin-back-to-users = Back to the users
admin-import = Import users
admin-import-intro = Upload a CSV file with a header line, or a file with one JSON object per line, with these columns or keys (groups separated by ; in CSV). Every line is checked first; if any line has a problem, nothing is imported.
admin-import-file = File (CSV or JSON lines)
admin-import-submit = Import
admin-import-done = { $count ->
    [one] One user was imported.
   *[other] { $count } users were imported.
}
admin-import-refused = { $count ->
    [one] Nothing was imported. Fix this problem and upload the file again:
   *[other] Nothing was imported. Fix these { $count } problems and upload the file again:
}
admin-import-first = The first { $shown }, by line, are listed below.
admin-import-line = Line
admin-import-problem = Problem
admin-import-no-file = Choose a file to import.
admin-import-not-text = The file is not text in UTF-8.
admin-properties-intro = Changes take effect at once on this server and within two seconds on the others.
admin-properties-partly-saved = { $count ->
    [one] One change was saved; the others below were not.
   *[other] { $count } changes were saved; the others below were not.
}
admin-property-default = Default: { $value }
admin-property-yes-no = Yes or no
admin-property-range = A whole number from { $min } to { $max }
admin-property-range-or-off = 0 (off) or a whole number from { $min } to { $max }
admin-property-length = Text of at most { $max } characters
admin-property-takes = This setting takes: { $range }.
admin-property-too-long = Use at most { $max } characters, without line breaks.
admin-property-group-admin = Administration
admin-property-group-assist = Caller codes by SMS
admin-property-group-audit = Activity log
admin-property-group-authenticator = Authenticator apps
admin-property-group-captcha = CAPTCHA
admin-property-group-help_desk = Help desk
admin-property-group-limits = Request limits
admin-property-group-password_reset = Password reset
admin-property-group-service_desk = Service desk
admin-property-group-session = Sessions
admin-property-group-signin = Sign-in
admin-property-group-soft_pin = Soft PIN
admin-property-group-voice = Voice agents
admin-property-group-web = Web pages
property-admin-group = Signed-in members of this group are administrators, on these pages and with their session on the API.
property-admin-alert_blocked_users = More users than this blocked from self-service reset within the alert window raise an alert: a notice on the administration overview and an audit record.
property-admin-alert_window_minutes = The window, in minutes, in which blocked users are counted for the alert.
property-assist-agent_per_minute = Caller codes one service desk agent may have sent in any minute.
property-assist-code_length = Digits of a caller code.
property-assist-expiry_minutes = Minutes a caller code stays valid.
property-assist-lockout_minutes = Minutes a user gets no caller code after too many wrong ones, unless unlocked first.
property-assist-max_user_failures = Wrong caller codes in a row, across conversations, that lock the user.
property-assist-resend_cooldown_seconds = Seconds before another caller code in the same conversation.
property-assist-retries_per_conversation = Wrong caller codes one conversation may check.
property-assist-total_per_minute = Caller codes all agents together may have sent in any minute.
property-audit-retention_days = Days an activity log record is kept.
property-authenticator-lockout_minutes = Minutes authenticator checks stay locked after too many wrong codes.
property-authenticator-max_failures = Wrong authenticator codes in a row that lock authenticator checks.
property-captcha-max_number = The largest number a CAPTCHA challenge asks the browser to find. A browser tries half of them on average, at some 100,000 a second: the default, 200,000, takes about a second.
property-help_desk-contact = How people reach the help desk, shown where self-service cannot go on; empty shows nothing.
property-limits-captcha_per_minute = CAPTCHA challenges one client address may fetch in a minute, counted on each server.
property-limits-codes_per_client_daily = E-mail and SMS codes of self-service resets one client address may ask for in 24 hours, for every identity together, counted in the database. Each identity's daily cap is counted per client address there too, so no one else can spend it.
property-limits-identify_per_minute = Reset requests one client address may start in a minute, on the API and the pages, counted on each server.
property-limits-phone_per_minute = Requests of a telephony provider's webhook (one per turn of a call) one client address may make in a minute, counted on each server.
property-limits-reset_steps_per_minute = Steps of reset requests (challenges, answers, new passwords, unlocks) one client address may take in a minute, counted on each server.
property-limits-signin_per_minute = Sign-ins one client address may try in a minute, on the API and the pages, counted on each server.
property-limits-strength_per_minute = Strength checks of a password being typed one client address may make in a minute, counted on each server.
property-password_reset-block_minutes = Minutes a user stays blocked from self-service reset after too many failed requests.
property-password_reset-max_failed_requests = Failed reset requests that block the user from self-service reset.
property-password_reset-max_wrong_answers = Wrong answers in all after which a reset request fails.
property-password_reset-request_expiry_minutes = Minutes a reset request stays usable.
property-service_desk-group = Signed-in members of this group work as service desk agents.
property-session-idle_minutes = A session ends after this many minutes without a request.
property-session-lifetime_minutes = A session ends this many minutes after sign-in, active or not.
property-session-reauth_minutes = Removing a verification needs a sign-in at most this many minutes old.
property-signin-lockout_minutes = Minutes sign-in stays locked for a user name after too many failures.
property-signin-max_failures = Failed sign-ins in a row that lock sign-in for that user name.
property-soft_pin-enrollment-enabled = Whether users may set or change a Soft PIN. Off hides the option; PINs already set still verify.
property-soft_pin-expiry_days = Days a Soft PIN stays valid after it is set; 0: it never expires.
property-soft_pin-history_depth = A new Soft PIN must differ from this many earlier ones, the current one included.
property-soft_pin-lockout_minutes = Minutes Soft PIN checks stay locked after too many failures.
property-soft_pin-max_failures = Wrong Soft PINs in a row that lock Soft PIN checks.
property-soft_pin-reminder_days = Days before a Soft PIN expires that the profile starts reminding the user.
property-voice-authenticate-mfa_mandatory = Whether voice services must authenticate callers with two factors.
property-voice-lockout_minutes = Minutes a factor stays locked on the phone after a call used up its tries.
property-voice-max_failures = Failures of one factor that end a call and lock that factor.
property-voice-session_minutes = Minutes a caller verification session lasts.
property-voice-step_up-enabled = Whether voice services may ask for a step-up factor before a sensitive task.
property-voice-twilio-handoff_url = The TwiML URL the phone line sends a call to once the caller is verified, with the signed assertion as its result query parameter; empty: verified callers are told they cannot be put through, and the call ends.
property-web-product_name = The name in the header of every page.
admin-api-keys-intro = Keys let machines call the API: voice agent platforms, service desk tools, automation. Each key has one role.
admin-api-key-new = New API key
admin-api-key-name = Name
admin-api-key-name-hint = What the key is for, such as voice-platform.
admin-api-key-role = Role
admin-role-admin = Administrator
admin-role-service_desk = Service desk
admin-role-orchestrator = Voice agent platform
admin-api-key-create = Create key
admin-api-key-created = The key { $name } was created
admin-api-key-once = Copy the token now. It is shown only this once; Sesame keeps only a digest of it.
admin-api-keys-none = There are no API keys yet.
admin-api-key-state = State
admin-api-key-revoke = Revoke
admin-api-key-revoke-confirm = The key { $name } stops working at once, for every program that uses it.
admin-api-key-revoked = Revoked { $time }
admin-processes-intro = A process says who may reset a password, how they identify, which verifications they pass and what happens at the end.
admin-processes-none = There is no reset process yet, so nobody can reset a password.
admin-process-new = New process
admin-process-create = Create process
admin-process-id = Id
admin-process-name = Name
admin-process-access = Access
admin-process-public = Self-service
admin-process-desk = Service desk only
admin-process-state = State
admin-process-min = { $count ->
    [one] At least one to pass
   *[other] At least { $count } to pass
}
admin-process-groups = Groups
admin-process-groups-hint = Only members of these groups may use the process; empty for everyone.
admin-process-identification = Users identify with
admin-process-public-access = Self-service: anyone may start it on the public reset page
admin-process-captcha = CAPTCHA: the browser solves a proof-of-work check before a self-service request starts
admin-process-verifications = Verifications
admin-process-unused = Not used
admin-process-optional = Optional
admin-process-mandatory = Required
admin-process-mandatory-short = required
admin-process-min-verifications = Verifications to pass, required ones included
admin-process-credential-store = Where the password lives
admin-process-store-local = Sesame
admin-process-store-ldap = The directory (LDAP)
admin-process-allow-unlock = Users may unlock their account
admin-process-unlock-after-reset = A reset also unlocks the account
admin-process-auto-generate = New password
admin-process-generate-off = Chosen by the user
admin-process-generate-show = Generated and shown once
admin-process-generate-email = Generated and sent by e-mail
admin-process-generate-sms = Generated and sent by SMS
admin-process-policy = Password policy
admin-process-min-length = Shortest password
admin-process-max-length = Longest password
admin-process-min-strength = Least strength (0 to 4)
admin-process-history = Earlier passwords that may not be used again
admin-process-active = Active
admin-process-deactivate = Deactivate this process
admin-process-deactivate-confirm = Requests in flight end at once and no new one can start. You can make the process active again later.
admin-back-to-processes = Back to the processes
admin-audit-filter = Filter
admin-audit-actor = Actor
admin-audit-subject = Subject
admin-audit-action = Action
admin-audit-result = Result
admin-audit-any = Any
admin-audit-apply = Apply
admin-audit-at = Time (UTC)
admin-audit-detail = Detail
admin-audit-count = { $count ->
    [one] One record.
   *[other] { $count } records.
}
admin-result-success = Success
admin-result-failure = Failure
admin-result-denied = Denied
admin-report-period = Period
admin-report-show = Show
admin-report-order = The first day must not be after the last.
admin-report-too-long = A report covers at most { $days } days.
admin-report-resets = Reset requests per day
admin-report-resets-desc = { $count ->
    [one] One reset request in the period, by day and how it ended.
   *[other] { $count } reset requests in the period, by day and how they ended.
}
admin-report-blocked = Users blocked
admin-report-blocked-title = Users blocked from self-service reset
admin-report-blocked-desc = { $count ->
    [one] One user blocked from self-service reset in the period, by day.
   *[other] { $count } users blocked from self-service reset in the period, by day.
}
admin-report-totals = { $started } started, { $succeeded } succeeded, { $failed } failed; { $blocked ->
    [one] one user blocked from self-service reset.
   *[other] { $blocked } users blocked from self-service reset.
}
admin-report-succeeded = Succeeded
admin-report-failed = Failed
admin-report-unfinished = Not finished
admin-report-day = Day
admin-report-numbers = Show the numbers
admin-report-failures = Failed verifications
admin-report-enrollments = Enrollments by verification
admin-report-enrollments-now = Active enrollments now.
admin-report-voice = Voice sessions by outcome
admin-report-nothing = Nothing in this period.
admin-voice-outcome-authenticated = Authenticated
admin-voice-outcome-failed = Failed
admin-voice-outcome-unidentified = Not identified
admin-voice-outcome-abandoned = Abandoned
admin-voice-outcome-in-progress = In progress
error-user-username_invalid = A user name has 1 to 64 characters: letters, digits and . _ - @ +, starting with a letter or digit.
error-user-display_name_invalid = A name has at most 128 characters.
error-user-employee_id_invalid = An employee ID has 1 to 64 letters, digits and - _ . /.
error-user-group_invalid = A group name has 1 to 64 characters and no commas, semicolons or control characters.
error-user-language_invalid = Enter a language tag such as en or de.
error-user-exists = A user with this user name already exists.
error-user-employee_id_taken = Another user has this employee ID.
error-process-id = The id has 1 to 40 lower-case letters, digits, - and _.
error-process-exists = A process with this id already exists.
error-process-name = The name has 1 to 100 characters.
error-process-verifications-empty = Choose at least one verification.
error-process-verifications-unknown = A chosen verification is no longer active.
error-process-verifications-duplicate = A verification is chosen twice.
error-process-verifications-module_off = The Soft PIN needs the voice agents module, which is off.
error-process-min_verifications-too_many = More verifications must be passed than are chosen.
error-process-min_verifications-too_few = At least one verification, and at least the required ones, must be passed.
error-process-public_access-personal_data_confirmation = A personal data confirmation cannot be used in a self-service process.
error-process-public_access-weak_verifications = A self-service process needs more than security questions and personal data.
error-process-password_policy-length = Passwords run from at least 8 to at most 256 characters.
error-process-password_policy-min_strength = The strength runs from 0 to 4.
error-process-password_policy-history = At most 24 earlier passwords can be remembered.
error-process-credential_store = No LDAP directory is configured.
error-api_key-name_invalid = The name has 1 to 64 characters.
error-api_key-role_invalid = Choose a role.
admin-user-details = Profile
admin-property-groups = Groups of settings
admin-report-no-enrollments = No active enrollment yet.
admin-outbox = Outbox
admin-overview-outbox = E-mail and SMS messages and what became of them.
admin-outbox-intro = Messages Sesame was asked to send, newest first: where they went, their state, how often delivery was tried and the last answer of the mail server or SMS provider. Their content is never shown.
admin-outbox-state = State
admin-outbox-queued = Waiting
admin-outbox-sent = Sent
admin-outbox-failed = Given up
admin-outbox-to = To
admin-outbox-tries = Tries
admin-outbox-answer = Last answer
admin-outbox-count = { $count ->
    [one] One message.
   *[other] { $count } messages.
}
admin-voice = Voice services
admin-voice-intro = How each voice agent identifies callers and which factors authenticate them. A service that breaks the factor rules under today's settings refuses calls until it is fixed.
admin-voice-new = New voice service
admin-voice-create = Create service
admin-voice-none = There is no voice service yet.
admin-voice-factors = Factors
admin-voice-problems = Rules
admin-voice-step-up-is = Step-up: { $name }
admin-voice-fits = Fits the rules.
admin-voice-broken = Under today's settings this service breaks these rules, so its calls are refused:
admin-voice-identification = Callers are identified by
admin-voice-ident-phone = Phone number (the caller ID counts)
admin-voice-ident-employee_id = Employee ID
admin-voice-ident-email = E-mail address
admin-voice-ident-username = User name
admin-voice-first = First factor
admin-voice-second = Second factor
admin-voice-step-up = Step-up factor
admin-voice-no-factor = None
admin-voice-input = Given as
admin-voice-input-both = Keys or voice
admin-voice-input-text = Keys only
admin-voice-input-voice = Voice only
admin-voice-region = Default country
admin-voice-region-hint = Optional. A country code such as US or DE, for phone numbers given without their country code.
admin-voice-delete = Remove this service
admin-voice-delete-confirm = The service is removed at once; calls in progress for it can no longer go on.
admin-back-to-voice = Back to the voice services
admin-notice-voice-created = The voice service was created.
admin-notice-voice-saved = The voice service was saved.
admin-notice-voice-deleted = The voice service was removed.
error-voice_service-id_invalid = The id has 1 to 40 lower-case letters, digits, - and _.
error-voice_service-exists = A voice service with this id already exists.
error-voice_service-name_invalid = The name has 1 to 100 characters.
error-voice_service-identification_required = Choose at least one field that identifies a caller.
error-voice_service-identification_repeated = Each identification field may be asked once.
error-voice_service-verification_unknown = A chosen factor is not an active verification.
error-voice_service-first_not_allowed = This verification may not be the first factor here.
error-voice_service-alone_not_allowed = This verification may not be the only factor; choose a second one.
error-voice_service-second_required = A second factor is required while two-factor authentication is mandatory.
error-voice_service-second_not_allowed = This verification may not be the second factor.
error-voice_service-same_factor_twice = The second factor must differ from the first.
error-voice_service-step_up_disabled = Step-up is switched off in the settings.
error-voice_service-step_up_not_allowed = This verification may not be the step-up factor.
error-voice_service-region_unknown = Enter a country code such as US or DE.
error-voice_service-input_type_not_numeric = Only factors given as digits take keys or voice.
admin-verifications = Verifications
admin-overview-verifications = The base verifications and custom ones, with their parameters.
admin-verifications-intro = The seven base verifications and custom ones made from a type or copied from another. A verification that is off cannot be enrolled in or passed.
admin-verification-type = Type
admin-verification-assurance = Assurance
admin-assurance-low = Low
admin-assurance-medium = Medium
admin-assurance-high = High
admin-kind-security_questions = Security questions
admin-kind-email_code = E-mail code
admin-kind-sms_code = SMS code
admin-kind-authenticator = Authenticator app
admin-kind-personal_data_confirmation = Confirm e-mail address
admin-kind-personal_data = Enter user name
admin-kind-soft_pin = Soft PIN
admin-verification-new = New custom verification
admin-verification-create = Create verification
admin-verification-id-hint = 1 to 40 lower-case letters, digits and _. It cannot be changed later.
admin-verification-origin = Made from
admin-verification-from-type = A type, with its default parameters
admin-verification-copy = A copy of
admin-verification-params = Parameters (JSON)
admin-verification-params-new-hint = Optional. Leave empty for the defaults of the type or the parameters of the copied verification.
admin-verification-params-hint = The parameters of the type as a JSON object; {"{"}{"}"} for the defaults.
admin-verification-active = On: users can enroll in it and pass it
admin-back-to-verifications = Back to the verifications
admin-notice-verification-created = The verification was created.
admin-notice-verification-saved = The verification was saved.
error-verification-id_invalid = The id has 1 to 40 lower-case letters, digits and _.
error-verification-name_invalid = The name has 1 to 100 characters.
error-verification-exists = A verification with this id already exists.
error-verification-type_invalid = Choose a type.
error-verification-origin = Choose a type or a verification to copy.
error-verification-params_invalid = The parameters are not a JSON object that fits this type.
admin-questions = Security questions
admin-overview-questions = The questions users choose from, in every language.
admin-questions-intro = The questions users choose from when they set up security questions, shown in their language or else in English. A retired question cannot be chosen anew; users who chose it keep it.
admin-question = Question
admin-question-languages = Languages
admin-question-retired = Retired
admin-question-new = New question
admin-question-add = Add question
admin-question-text = Text ({ $language })
admin-question-retire = Retired: it cannot be chosen anew
admin-back-to-questions = Back to the questions
admin-notice-question-created = The question was added.
admin-notice-question-saved = The question was saved.
error-question-english_missing = Every question needs an English text.
error-question-text_invalid = A question has 1 to 200 characters.
