package org.fulcrum.server.exchange;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/** Why a feed could not be read, in words an operator acts on (the exchange's last error). */
final class FetchErrors {
    private FetchErrors() {}

    static String inWords(IOException e) {
        String why = switch (e) {
            case HttpConnectTimeoutException t -> "the publisher's host did not accept a connection in time";
            case HttpTimeoutException t -> "the publisher did not answer in time";
            case ConnectException c -> "nothing answers at the feed's address (connection refused)";
            case UnknownHostException u -> "the feed's host name does not resolve";
            case SSLException s -> "the secure connection to the publisher failed";
            default -> "the connection to the publisher broke off";
        };
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")";
        return "the feed could not be read: " + why + detail;
    }
}
