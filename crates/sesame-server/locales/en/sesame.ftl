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
field-language = Language
field-groups = Groups
value-none = Not set
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
error-title = Something went wrong
error-text = The request could not be completed. Please try again later.
