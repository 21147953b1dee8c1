package io.dataflows.mail.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sockets of one e-mail, made by the JDK's default factories, so that {@link #closeAll()} can wake a send blocked
 * on the network when the run is cancelled: a socket read does not honour interrupts. Thread-safe.
 */
final class TrackedSockets {

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Plain sockets (SMTP, and the connection STARTTLS upgrades). */
    SocketFactory plain() {
        SocketFactory d = SocketFactory.getDefault();
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return track(d.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return track(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                    throws IOException {
                return track(d.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return track(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return track(d.createSocket(address, port, localAddress, localPort));
            }
        };
    }

    /** TLS sockets (SMTPS, and STARTTLS's layer), with the JVM's default trust and protocols. */
    SSLSocketFactory tls() {
        SSLSocketFactory d = (SSLSocketFactory) SSLSocketFactory.getDefault();
        return new SSLSocketFactory() {
            @Override
            public String[] getDefaultCipherSuites() {
                return d.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return d.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket() throws IOException {
                return track(d.createSocket());
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                return track(d.createSocket(s, host, port, autoClose));
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return track(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                    throws IOException {
                return track(d.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return track(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return track(d.createSocket(address, port, localAddress, localPort));
            }
        };
    }

    private Socket track(Socket socket) throws IOException {
        sockets.add(socket);
        if (closed) { // cancelled while this socket was being made
            socket.close();
        }
        return socket;
    }

    /** Closes every socket made so far and any made later; what is blocked on one fails at once. */
    void closeAll() {
        closed = true;
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing to wake a blocked read: the socket is unusable either way
            }
        }
    }
}
