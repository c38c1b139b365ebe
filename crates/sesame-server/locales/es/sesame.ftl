# Páginas web de Sesame, en español.

skip-to-content = Ir al contenido
nav-label = Principal
nav-profile = Perfil
nav-sign-in = Iniciar sesión
nav-sign-out = Cerrar sesión
footer-text = Restablecimiento de contraseña por autoservicio y verificación de identidad

signin-title = Iniciar sesión
signin-intro = Inicie sesión para gestionar cómo verifica su identidad.
signin-username = Nombre de usuario
signin-password = Contraseña
signin-submit = Iniciar sesión
signin-failed = El nombre de usuario o la contraseña no son correctos.
signin-locked = Demasiados inicios de sesión fallidos. Vuelva a intentarlo más tarde.
signin-busy = El servidor está ocupado. Vuelva a intentarlo en un momento.
signin-signed-out = Ha cerrado la sesión.
signin-expired = Su sesión ha terminado. Vuelva a iniciar sesión.

profile-title = Su perfil
profile-greeting = Hola, { $name }.
profile-details = Sus datos
field-username = Nombre de usuario
field-display-name = Nombre
field-email = Correo electrónico
field-phone = Número de teléfono
field-employee-id = Número de empleado
field-language = Idioma
language-en = Inglés
language-de = Alemán
language-es = Español
field-groups = Grupos
value-none = Sin indicar
profile-phone = Por teléfono
profile-phone-usable = Cuando llame, un asistente de voz puede comprobar quién es usted con:
profile-phone-none = Todavía no puede demostrar quién es por teléfono.
profile-phone-missing = Configure lo siguiente para usarlo cuando llame:
password-change-title = Cambiar su contraseña
password-current = Contraseña actual
password-change-submit = Cambiar la contraseña
password-changed = Su contraseña se ha cambiado. Se han cerrado todas las demás sesiones.
error-password-current_wrong = La contraseña actual no es correcta.
error-auth-locked = Demasiadas contraseñas incorrectas. Vuelva a intentarlo dentro de { $wait }.
profile-enrollments = Sus verificaciones
enrollments-intro = Las verificaciones que ha configurado para demostrar quién es.
enrollments-none = Todavía no ha configurado ninguna verificación.
enrollments-verification = Verificación
enrollments-state = Estado
enrollments-updated = Último cambio
enrollment-state-pending = Pendiente
enrollment-state-active = Activa

error-not-found-title = Página no encontrada
error-not-found-text = No hay ninguna página en esta dirección.
error-form-expired = El formulario ha caducado. Vuelva a intentarlo.
error-title = Algo ha salido mal
error-text = No se ha podido completar la solicitud. Vuelva a intentarlo más tarde.

nav-soft-pin = Soft PIN
profile-soft-pin = Soft PIN
verification-soft_pin = Soft PIN
soft-pin-none = Todavía no ha definido un Soft PIN. Con un Soft PIN puede confirmar quién es cuando llame.
soft-pin-set-on = Definido el { $date }.
soft-pin-expires-on = Válido hasta el { $date }.
soft-pin-never-expires = No caduca.
soft-pin-expires-soon = { $days ->
    [one] Su Soft PIN caduca en un día. Cámbielo, por favor.
   *[other] Su Soft PIN caduca en { $days } días. Cámbielo, por favor.
}
soft-pin-expired = Su Soft PIN ha caducado. Defina uno nuevo para seguir usándolo.
soft-pin-saved = Su Soft PIN se ha guardado.
soft-pin-title-enroll = Configurar el Soft PIN
soft-pin-title-change = Cambiar el Soft PIN
soft-pin-intro = Un Soft PIN es un número de seis dígitos que usted indica cuando llama, con el teclado o de viva voz, para confirmar quién es.
soft-pin-rules-heading = Su Soft PIN debe
soft-pin-rule-length = tener exactamente seis dígitos;
soft-pin-rule-repetition = no repetir un dígito más de dos veces seguidas (no 111234);
soft-pin-rule-sequence = no contener tres dígitos seguidos en orden ascendente o descendente (no 123 ni 987);
soft-pin-rule-history = ser distinto de sus últimos { $depth } Soft PIN.
soft-pin-field = Nuevo Soft PIN
soft-pin-confirm-field = Repita el nuevo Soft PIN
soft-pin-submit = Guardar el Soft PIN
soft-pin-cancel = Volver a su perfil
soft-pin-errors-heading = Elija otro Soft PIN, por favor:
soft-pin-error-length = Debe tener exactamente seis dígitos del 0 al 9.
soft-pin-error-repetition = Un dígito aparece más de dos veces seguidas.
soft-pin-error-sequence = Contiene tres dígitos que suben o bajan de uno en uno.
soft-pin-error-history = Es igual a uno de sus últimos { $depth } Soft PIN.
soft-pin-error-mismatch = Las dos entradas no coinciden.
soft-pin-unavailable = El registro del Soft PIN no está disponible en este momento. Para más información, póngase en contacto con su administrador.

email-code-subject = Su código de verificación de { $product }
email-code-body =
    Su código de verificación es { $code }.

    Caduca en { $minutes } minutos. Si no ha pedido este código, puede ignorar este mensaje.
sms-code-body = Código de { $product }: { $code }. Caduca en { $minutes } minutos.
assist-sms-body = Código de { $product }: { $code }. Díctelo al agente del servicio de asistencia que se lo pidió. Caduca en { $minutes } minutos.

profile-codes = Formas de demostrar quién es
profile-codes-intro = Configure códigos de un solo uso por correo electrónico o SMS, una aplicación de autenticación o preguntas de seguridad.
enrollment-active = Su registro está activo.
enrollment-removed = Se ha eliminado el registro.
enrollments-destination = Enviado a
verification-email = Códigos por correo electrónico
verification-sms = Códigos por SMS
codes-title-email = Correo electrónico para los códigos
codes-title-sms = Número de móvil para los códigos
codes-current = Registrado actualmente
codes-none = Todavía no hay nada registrado.
codes-active = Los códigos se envían a { $destination }.
codes-pending = Se ha verificado { $destination }. Pulse Guardar para recibir allí los códigos.
codes-remove = Eliminar
codes-remove-confirm = ¿Eliminar esta verificación? Hasta que la configure de nuevo, no podrá usarla para demostrar quién es.
codes-remove-yes = Sí, eliminarla
codes-submit = Guardar
codes-step-send = 1. Pedir un código
codes-address-email = Correo electrónico
codes-address-sms = Número de móvil en formato internacional
codes-send = Enviar el código
codes-step-enter = 2. Introducir el código
codes-code = Código
codes-confirm = Confirmar
codes-sent = Hemos enviado un código a { $destination }.
codes-verified = El código es correcto. Pulse Guardar para terminar.
error-code-invalid = El código no es correcto. Compruébelo y vuelva a intentarlo.
error-code-expired = El código ha caducado. Pida uno nuevo.
error-code-too_many_attempts = El código se ha introducido mal demasiadas veces. Pida uno nuevo.
error-code-resend_too_soon = Se acaba de enviar un código. Puede pedir otro dentro de { $wait }.
error-code-daily_limit = Hoy se han enviado demasiados códigos. Vuelva a intentarlo dentro de { $wait }.
error-delivery-unavailable = Ahora mismo no se pueden enviar códigos. Póngase en contacto con su administrador.
error-user-email_invalid = La dirección de correo electrónico no es válida.
error-user-phone_invalid = Introduzca el número en formato internacional, por ejemplo +34912345678.

notice-soft-pin-changed-subject = Su Soft PIN de { $product } se ha cambiado
notice-soft-pin-changed-body =
    Su Soft PIN se definió o se cambió el { $date } (UTC).

    Si no fue usted, llame de inmediato a su servicio de asistencia.

authenticator-title = Aplicación de autenticación
authenticator-intro = Use una aplicación de autenticación en su teléfono para generar códigos que demuestran quién es.
authenticator-active = Su aplicación de autenticación está configurada.
authenticator-start = Configurar una aplicación de autenticación
authenticator-restart = Volver a configurar con una clave nueva
authenticator-scan = Escanee este código con su aplicación
authenticator-qr-caption = El código QR contiene su clave nueva. No lo comparta.
authenticator-manual = ¿No puede escanear el código?
authenticator-manual-key = Escriba esta clave en su aplicación (basada en tiempo):
authenticator-copy = Copiar la clave
authenticator-open-app = Abrir en una aplicación de autenticación de este dispositivo
authenticator-code = El código de { $digits } dígitos que muestra ahora su aplicación
authenticator-confirm = Confirmar
verification-authenticator = Aplicación de autenticación
error-authenticator-invalid_code = El código no es correcto. Compruebe la hora de su teléfono y pruebe con el código que muestra ahora su aplicación.
error-authenticator-locked = Demasiados códigos incorrectos. Vuelva a intentarlo dentro de { $wait }.

questions-title = Preguntas de seguridad
questions-intro = Elija { $count } preguntas y responda a cada una. Para comprobar quién es, se le harán algunas de ellas. En las respuestas no cuentan las mayúsculas y minúsculas ni los espacios de más.
questions-enrolled = Ha respondido a { $count } preguntas. Si vuelve a guardar, se sustituyen.
questions-number = Pregunta { $number }
questions-question = Pregunta
questions-answer = Su respuesta
questions-save = Guardar las respuestas
verification-qa = Preguntas de seguridad
error-questions-count = Responda a todas las preguntas.
error-questions-unknown = Una de las preguntas ya no se puede elegir.
error-questions-repeated = Elija cada pregunta una sola vez.
error-questions-answer_too_short = Una respuesta es demasiado corta.
error-questions-answers_repeated = Dé una respuesta distinta a cada pregunta.
error-auth-reauthentication_required = Para eliminar una verificación, primero cierre la sesión y vuelva a iniciarla.

notice-soft-pin-expiring-subject = Su Soft PIN de { $product } caduca pronto
notice-soft-pin-expiring-body =
    Su Soft PIN, con el que demuestra quién es cuando llama, caduca pronto.

    Inicie sesión en { $product } y defina uno nuevo en su página de perfil para seguir usándolo.

notice-password-reset-subject = Su contraseña de { $product } se ha restablecido
notice-password-reset-body =
    Su contraseña se restableció el { $date } (UTC) y se cerraron todas las sesiones.

    Si no fue usted, llame de inmediato a su servicio de asistencia.

notice-password-changed-subject = Su contraseña de { $product } se ha cambiado
notice-password-changed-body =
    Su contraseña se cambió el { $date } (UTC) y se cerraron todas las demás sesiones.

    Si no fue usted, llame de inmediato a su servicio de asistencia.

notice-account-unlocked-subject = Su cuenta de { $product } se ha desbloqueado
notice-account-unlocked-body =
    Su cuenta se desbloqueó el { $date } (UTC).

    Si no fue usted, llame de inmediato a su servicio de asistencia.

generated-password-subject = Su nueva contraseña de { $product }
generated-password-body =
    Su nueva contraseña es: { $password }

    Inicie sesión con ella y manténgala en secreto.

signin-forgot = ¿Ha olvidado su contraseña?
reset-title = Restablecer su contraseña
reset-intro = Demuestre quién es con las verificaciones que ha configurado y después elija una contraseña nueva.
reset-unavailable = El restablecimiento de contraseña por autoservicio no está disponible. Póngase en contacto con su servicio de asistencia.
reset-process = ¿Qué desea restablecer?
reset-identifier-username = Nombre de usuario
reset-identifier-email = Correo electrónico
reset-identifier-either = Nombre de usuario o correo electrónico
reset-continue = Continuar
reset-back-to-signin = Volver al inicio de sesión
reset-ended-expired = Su solicitud de restablecimiento ha caducado. Vuelva a empezar, por favor.
reset-ended-failed = Una verificación ha fallado, así que esa solicitud de restablecimiento ha terminado. Puede volver a empezar.
reset-ended-finished = Esa solicitud de restablecimiento ya está completada.
reset-ended-missing = Empiece por decirnos quién es.
reset-verify-title = Verifique su identidad
reset-remaining = Supere { $count } más de las verificaciones siguientes. Si no tiene configurada alguna de ellas, elija otra.
reset-verified = Ha superado las verificaciones.
reset-mandatory = (obligatoria)
reset-passed = Superada.
reset-send-code = Enviarme un código
reset-send-again = Enviar un código nuevo
reset-code-sent = Si registró una dirección o un número para esto, recibirá un código. Introdúzcalo aquí.
reset-check = Comprobar
reset-ask-questions = Responder a mis preguntas de seguridad
reset-authenticator-code = El código que muestra su aplicación de autenticación
reset-soft-pin = Su Soft PIN
reset-confirm-email = Su correo electrónico
reset-enter-username = Su nombre de usuario
reset-start-over = Volver a empezar
reset-failed-title = La verificación ha fallado
reset-failed-text = Esa respuesta no era correcta y no le quedan intentos, así que esta solicitud de restablecimiento ha terminado. Puede volver a empezar; tras varias solicitudes fallidas, el restablecimiento por autoservicio se bloquea durante un día.
reset-wrong = { $tries ->
    [one] Esa respuesta no era correcta. Le queda un intento; si vuelve a fallar, esta solicitud termina.
   *[other] Esa respuesta no era correcta. Le quedan { $tries } intentos; tras el último, esta solicitud termina.
}
help-desk-contact = Si no puede continuar, su servicio de asistencia puede ayudarle: { $contact }
reset-finish-title = Elija qué desea hacer
reset-new-password = Contraseña nueva
reset-password-rules = Al menos { $min } caracteres. Unas cuantas palabras sin relación entre sí forman una contraseña segura; no debe contener su nombre ni ser una que haya usado hace poco.
reset-confirm-password = Repita la contraseña nueva
reset-set-password = Establecer la contraseña nueva
reset-password-problems = No se ha aceptado la contraseña nueva:
reset-passwords-differ = Las dos contraseñas no coinciden.
reset-generated-intro = Se generará una contraseña nueva para usted.
reset-generate = Generar mi contraseña nueva
reset-unlock-title = Desbloquear su cuenta
reset-unlock-intro = Si su cuenta está bloqueada por demasiadas contraseñas incorrectas, puede desbloquearla y conservar su contraseña.
reset-unlock = Desbloquear mi cuenta
reset-strength-0 = Seguridad: muy débil
reset-strength-1 = Seguridad: débil
reset-strength-2 = Seguridad: aceptable
reset-strength-3 = Seguridad: fuerte
reset-strength-4 = Seguridad: muy fuerte
reset-done-title = Contraseña cambiada
reset-done = Su contraseña se ha cambiado y se han cerrado todas las sesiones. Inicie sesión con su contraseña nueva.
reset-done-generated = Su contraseña nueva aparece abajo. Solo se muestra esta vez.
reset-generated-once = Anótela o guárdela ahora en un gestor de contraseñas; no volverá a verla.
reset-done-sent-email = Su contraseña nueva se ha enviado a su correo electrónico.
reset-done-sent-sms = Su contraseña nueva se ha enviado a su teléfono.
reset-unlocked = Su cuenta está desbloqueada. Puede iniciar sesión con su contraseña.
reset-go-signin = Ir al inicio de sesión
error-reset-blocked = Demasiadas solicitudes de restablecimiento fallidas. El restablecimiento por autoservicio está bloqueado; vuelva a intentarlo dentro de { $wait }, o su servicio de asistencia puede ayudarle antes.
error-reset-identifier = Introduzca su nombre de usuario o su correo electrónico.
error-process-not_found = Este restablecimiento no está disponible.
error-verification-locked = Esta verificación está bloqueada tras demasiados fallos. Elija otra o vuelva a intentarlo dentro de { $wait }.
error-directory-unavailable = Ahora mismo no se puede acceder al directorio, así que no se ha cambiado nada. Vuelva a intentarlo más tarde.
error-reset-generate_not_allowed = Elija usted mismo su contraseña nueva.
error-password-too_short = La contraseña es demasiado corta.
error-password-too_long = La contraseña es demasiado larga.
error-password-too_weak = La contraseña es demasiado fácil de adivinar. Use una frase más larga de palabras sin relación entre sí.
error-password-contains_identity = La contraseña no debe contener su nombre de usuario ni su correo electrónico.
error-password-reused = Ha usado esta contraseña hace poco. Elija una nueva.

nav-desk = Servicio de asistencia
desk-title = Servicio de asistencia
desk-lookup = Buscar a quien llama
desk-lookup-label = Nombre de usuario, correo electrónico, teléfono o número de empleado
desk-find = Buscar
desk-no-user = Ningún usuario coincide con { $name }. Pruebe con el nombre de usuario, el correo electrónico, el número de teléfono (+34…) o el número de empleado.
desk-status-active = La cuenta está activa.
desk-status-disabled = La cuenta está desactivada.
desk-no-locks = No hay ningún bloqueo vigente.
desk-locks = Bloqueos vigentes
desk-locked-until = hasta el { $time } UTC
desk-unlock-user = Levantar todos los bloqueos
desk-lock-signin = Inicio de sesión
desk-lock-reset = Restablecimiento por autoservicio
desk-lock-assist = Códigos por SMS para quien llama
desk-lock-phone = Por teléfono: { $name }
desk-wrong = { $tries ->
    [one] La respuesta era incorrecta. Una respuesta incorrecta más termina esta solicitud.
   *[other] La respuesta era incorrecta. { $tries } respuestas incorrectas más terminan esta solicitud.
}
desk-enrollments = Verificaciones configuradas
desk-no-enrollments = Este usuario no ha configurado ninguna verificación.
desk-no-process = Ningún proceso de restablecimiento se aplica a este usuario.
desk-start = Iniciar una solicitud de restablecimiento
desk-helping = Está verificando a { $name }. Pida cada respuesta a quien llama; no lea los códigos en voz alta.
desk-code-sent = Se ha enviado un código a la dirección o al número registrados de quien llama. Pídale que se lo lea.
desk-reset = Restablecer con una contraseña generada
desk-reset-done = La contraseña se ha restablecido. Lea la contraseña nueva una sola vez a quien llama; debe cambiarla después de iniciar sesión.
desk-unlocked = La cuenta está desbloqueada.
desk-next-caller = Siguiente llamada
desk-sms-title = Verificar por SMS a quien llama
desk-sms-intro = Envíe un código al teléfono de quien llama y pídale que se lo lea. Nunca lea usted un código en voz alta.
desk-sms-send = Enviar un código
desk-sms-resend = Enviar un código nuevo
desk-sms-sent = Se ha enviado un código al { $number }.
desk-sms-code = Código que lee quien llama
desk-sms-check = Comprobar
desk-sms-valid = El código es correcto: quien llama tiene el teléfono registrado.
desk-sms-invalid = { $retries ->
    [0] El código es incorrecto y no quedan intentos en esta conversación.
    [one] El código es incorrecto. Queda un intento más en esta conversación.
   *[other] El código es incorrecto. Quedan { $retries } intentos más en esta conversación.
}
error-desk-failed = La respuesta no era correcta, así que esta solicitud ha terminado. Inicie una nueva si quien llama lo vuelve a intentar.
error-assist-no_phone = Este usuario no tiene ningún número de teléfono registrado, así que no se ha enviado ningún código.
error-assist-user_locked = Demasiados códigos incorrectos para este usuario. Desbloquéelo antes de enviar otro.
error-assist-rate_limited = Se han enviado demasiados códigos en el último minuto. Vuelva a intentarlo dentro de { $wait }.
error-assist-retries_exhausted = Esta conversación ha agotado sus intentos. En ella ya no se puede verificar por SMS a quien llama.
error-reset-not_in_process = Este usuario está desactivado o no pertenece a los grupos de este proceso.
wait-seconds = { $count ->
    [one] un segundo
   *[other] { $count } segundos
}
wait-minutes = { $count ->
    [one] un minuto
   *[other] { $count } minutos
}
wait-hours = { $count ->
    [one] una hora
   *[other] { $count } horas
}
error-rate-limited-title = Demasiados intentos
error-rate-limited-text = Llegaron demasiados intentos desde su red. Vuelva a intentarlo dentro de { $seconds } segundos.
error-control-characters = El formulario contiene caracteres no permitidos, como caracteres de control.
error-questions-answer_invalid = Una respuesta puede tener como máximo 200 caracteres y ningún carácter de control.
