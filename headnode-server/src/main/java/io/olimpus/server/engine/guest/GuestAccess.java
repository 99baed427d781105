package io.olimpus.server.engine.guest;

/**
 * How the owner of a slice gets into the VMs one deploy creates: their OpenSSH public key (null:
 * none in their profile), the password generated for this deploy (null: none), and the slice's
 * own cloud-config (null: none), already validated. Held in memory for the job only: the
 * password is never stored by the server (see {@link CloudConfig}).
 */
public record GuestAccess(String sshPublicKey, String password, String userCloudConfig) {
    /** Only the hostname: what a VM gets when nothing else is known (a rollback, a leftover sweep). */
    public static final GuestAccess NONE = new GuestAccess(null, null, null);

    @Override
    public String toString() {
        return "GuestAccess[key=" + (sshPublicKey == null ? "none" : sshPublicKey.split(" ")[0]) + ", password=" + (password == null ? "none" : "***")
                + ", cloudConfig=" + (userCloudConfig == null ? "none" : userCloudConfig.length() + " chars") + "]";
    }
}
