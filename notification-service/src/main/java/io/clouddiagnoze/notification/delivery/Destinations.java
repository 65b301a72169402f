package io.clouddiagnoze.notification.delivery;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where alerts may be posted. An absolute http or https URL with a host; unless internal destinations are allowed (the
 * launcher and tests, never production), only https, and only to a host all of whose addresses are public: no
 * loopback, private, link-local, shared (100.64/10), unique-local or multicast address, so that a tenant cannot make the
 * service reach into its own network (SSRF). Checked when a channel is saved and again before each request, as a name
 * may resolve elsewhere later; the request then goes to the address checked, not to a second resolution of the name
 * (which a name that resolves to a public address once and to an internal one the next time, DNS rebinding, would
 * turn into a request inside). The senders follow no redirect.
 */
@ApplicationScoped
public class Destinations {
    /** A destination as checked: the URL, and the address of its host that requests to it connect to. */
    public record Target(URI uri, InetAddress address) {
        public boolean https() {
            return uri.getScheme().equalsIgnoreCase("https");
        }

        public int port() {
            return uri.getPort() != -1 ? uri.getPort() : https() ? 443 : 80;
        }

        /** The path and query to request, as the URL spells them. */
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    private final boolean allowInternal;

    Destinations(@ConfigProperty(name = "clouddiagnoze.alerts.allow-internal-destinations") boolean allowInternal) {
        this.allowInternal = allowInternal;
    }

    /** The URL, parsed, if its form is one alerts may be posted to; a {@link DeliveryFailure} saying why not otherwise. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new DeliveryFailure("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new DeliveryFailure("must be an absolute https URL with a host and no user name");
        }
        if (!allowInternal && !scheme.equals("https")) {
            throw new DeliveryFailure("must be an https URL");
        }
        return uri;
    }

    /**
     * The URL and the address to connect to, once its host is known to resolve to no internal address (where those are
     * refused; where they are allowed, its first address).
     */
    public Uni<Target> check(String url) {
        URI uri = parse(url);
        return Uni.createFrom().item(() -> {
            String host = uri.getHost();
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new DeliveryFailure("the host " + host + " does not resolve");
            }
            for (InetAddress address : addresses) {
                if (!allowInternal && internal(address)) {
                    throw new DeliveryFailure("the host " + host + " resolves to an internal address (" + address.getHostAddress()
                            + "), which alerts are not sent to");
                }
            }
            return new Target(uri, addresses[0]);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // 0/8 "this network", 100.64/10 shared address space, 192.0.0/24 protocol assignments, 198.18/15 benchmarking
            return first == 0 || (first == 100 && (second & 0xc0) == 64) || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
                    || (first == 198 && (second & 0xfe) == 18) || first >= 240;
        }
        // fc00::/7 unique local addresses, and IPv4 addresses embedded in IPv6 that are internal themselves
        return address instanceof Inet6Address && ((bytes[0] & 0xfe) == 0xfc || embeddedInternal(bytes));
    }

    private static boolean embeddedInternal(byte[] ipv6) {
        for (int i = 0; i < 10; i++) {
            if (ipv6[i] != 0) {
                return false;
            }
        }
        boolean mapped = (ipv6[10] & 0xff) == 0xff && (ipv6[11] & 0xff) == 0xff;
        boolean compatible = ipv6[10] == 0 && ipv6[11] == 0;
        if (!mapped && !compatible) {
            return false;
        }
        try {
            return internal(InetAddress.getByAddress(new byte[] {ipv6[12], ipv6[13], ipv6[14], ipv6[15]}));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
