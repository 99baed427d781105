package io.olimpus.server.courses;

import io.olimpus.server.mail.Mail;
import io.olimpus.server.users.User;

/**
 * The mail that hands a student their one-time password, in the course's language. Plain text:
 * the student's mail program shows it as written (the mailer sends it as UTF-8).
 */
final class CourseMail {
    private CourseMail() {}

    static Mail credentials(Course c, User u, String to, String password) {
        return switch (c.language()) {
            case EN -> new Mail(to, "Your Olimpus account for the course " + c.name(),
                    "Hello " + u.username() + ",\n\n"
                            + "you are enrolled in the course " + c.name() + " on Olimpus (instructor " + c.ownerName() + ").\n\n"
                            + "Username: " + u.username() + "\n"
                            + "One-time password: " + password + "\n\n"
                            + "Log in with the Olimpus desktop application or command line. You will be asked to choose your own\n"
                            + "password first; this one works only until then. If it no longer works, ask your instructor for a new one.\n");
            case ES -> new Mail(to, "Tu cuenta de Olimpus para el curso " + c.name(),
                    "Hola, " + u.username() + ":\n\n"
                            + "estás matriculado en el curso " + c.name() + " en Olimpus (profesor: " + c.ownerName() + ").\n\n"
                            + "Usuario: " + u.username() + "\n"
                            + "Contraseña de un solo uso: " + password + "\n\n"
                            + "Entra con la aplicación de escritorio o la línea de órdenes de Olimpus. Primero se te pedirá que elijas\n"
                            + "tu propia contraseña; esta solo sirve hasta entonces. Si ya no funciona, pide una nueva a tu profesor.\n");
        };
    }
}
