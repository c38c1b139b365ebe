# La línea telefónica de Sesame: lo que oyen quienes llaman, en español.
# $input es keys, speech o both: cómo puede responder quien llama. $digits: cuántos dígitos.

phone-ask-phone = { $input ->
    [keys] Por favor, marque el número de teléfono que tenemos registrado, con el prefijo, y pulse la tecla almohadilla.
    [speech] Por favor, diga el número de teléfono que tenemos registrado, con el prefijo.
   *[both] Por favor, diga o marque el número de teléfono que tenemos registrado, con el prefijo. Si lo marca, termine con la tecla almohadilla.
}
phone-ask-employee-id = { $input ->
    [keys] Por favor, marque su número de empleado y pulse la tecla almohadilla.
    [speech] Por favor, diga su número de empleado.
   *[both] Por favor, diga o marque su número de empleado. Si lo marca, termine con la tecla almohadilla.
}
phone-ask-soft-pin = { $input ->
    [keys] Por favor, marque su Soft PIN de seis dígitos.
    [speech] Por favor, diga su Soft PIN de seis dígitos.
   *[both] Por favor, diga o marque su Soft PIN de seis dígitos.
}
phone-ask-app-code = { $input ->
    [keys] Por favor, marque el código de { $digits } dígitos que muestra su aplicación de autenticación.
    [speech] Por favor, diga el código de { $digits } dígitos que muestra su aplicación de autenticación.
   *[both] Por favor, diga o marque el código de { $digits } dígitos que muestra su aplicación de autenticación.
}
phone-ask-sms-code = { $input ->
    [keys] Le hemos enviado un código por SMS. Por favor, marque el código de { $digits } dígitos.
    [speech] Le hemos enviado un código por SMS. Por favor, diga el código de { $digits } dígitos.
   *[both] Le hemos enviado un código por SMS. Por favor, diga o marque el código de { $digits } dígitos.
}
phone-ask-email-code = { $input ->
    [keys] Le hemos enviado un código por correo electrónico. Por favor, marque el código de { $digits } dígitos.
    [speech] Le hemos enviado un código por correo electrónico. Por favor, diga el código de { $digits } dígitos.
   *[both] Le hemos enviado un código por correo electrónico. Por favor, diga o marque el código de { $digits } dígitos.
}
phone-not-recognised = Lo sentimos, no hemos podido encontrarle.
phone-wrong = Eso no es correcto.
phone-not-understood = Perdone, no le he entendido.
phone-no-input = Perdone, no he oído nada.
phone-code-wait = En un momento le enviaremos un código nuevo. Por favor, no cuelgue.
phone-verified = Gracias, su identidad está verificada.
phone-no-handoff = Ahora mismo no podemos pasarle la llamada. Por favor, vuelva a llamar más tarde. Adiós.
phone-ended = No hemos podido verificar su identidad en esta llamada. Adiós.
phone-unavailable = Esta línea no puede verificar llamadas en este momento. Por favor, vuelva a llamar más tarde. Adiós.
phone-trouble = Lo sentimos, ha ocurrido un error. Por favor, vuelva a llamar más tarde. Adiós.
