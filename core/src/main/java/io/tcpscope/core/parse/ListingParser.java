package io.tcpscope.core.parse;

import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.TcpConnection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A pure function from a socket listing to the connections it shows. Parsers do no I/O and keep
 * no state between calls.
 *
 * <pre>{@code
 * List<TcpConnection> conns = Listings.parser(ListingFormat.SS).parse(ssOutput);
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public interface ListingParser {

    /**
     * Parses a listing held as bytes, from the buffer's position to its limit. The buffer's
     * position is left unchanged.
     *
     * @param listing the listing's bytes, UTF-8 or ASCII
     * @return the connections in listing order; an empty listing gives an empty list; unmodifiable
     * @throws ListingParseException naming the line that could not be read; nothing else is thrown
     */
    List<TcpConnection> parse(ByteBuffer listing);

    /**
     * Parses a listing held as text.
     *
     * @param listing the listing
     * @return the connections in listing order; unmodifiable
     * @throws ListingParseException naming the line that could not be read; nothing else is thrown
     */
    default List<TcpConnection> parse(String listing) {
        return parse(ByteBuffer.wrap(listing.getBytes(StandardCharsets.UTF_8)));
    }
}
