package io.peregrine.core.journal;

/**
 * The layout of one core journal entry (entry format {@value #FORMAT}): a type byte, the timestamp the core's
 * logic used (int64 nanoseconds since the epoch, little-endian), the source (int32: the Aeron session of the
 * publication an input came from, which access control keys on; 0 for outputs), then the payload.
 * <p>
 * Inputs ({@link #INGRESS}, {@link #VENUE_IN}) carry the message exactly as it arrived; {@link #RESTART} is the
 * input a restarted core gives itself to send its pending venue requests again, {@link #SOURCE_GONE} the one that
 * frees the gateway's client id once the publication holding it is gone. Outputs ({@link #REPORT},
 * {@link #VENUE_REQUEST}) carry the SBE message the core published, {@link #OFFER_FAILED} the result code of a venue
 * request that could not be published (replay needs it: the core's decisions depend on it). {@link #START} opens
 * a journal ({@code JournalStart} SBE message); {@link #CUT} marks an unreadable tail entry that recovery skipped.
 * <p>
 * <b>Sequence and checksum (format 2).</b> Every entry but {@link #START} has {@link #CHECKSUMMED} set in its type
 * byte and ends with a trailer: its sequence number (int64: one more than the entry before it, for the life of the
 * journal; 0 where a writer could not read the one before) and a CRC32C (int32) of all its bytes before the CRC, both
 * little-endian. The CRC finds a changed byte even where it would replay to the same outputs (a timestamp, a field the
 * logic ignores); the sequence finds entries that vanished without a changed byte of their own (a damaged record
 * header of the queue, a cycle file deleted from the middle). {@code START} stays as format 1 wrote it: it is what
 * tells a reader, of any release, which format follows. A format-1 journal (earlier releases) is read and continued;
 * the entries this release appends to it carry the trailer.
 */
public final class JournalEntry
{
    /** Layout version of the entries this release writes (its START records it). */
    public static final int FORMAT = 2;
    /** Oldest layout version this release reads and continues: format 1, the same entries without checksums. */
    public static final int OLDEST_FORMAT = 1;
    /** Flag in the type byte (format 2): the entry ends with a {@link #TRAILER_LENGTH}-byte sequence and CRC32C. */
    public static final int CHECKSUMMED = 0x40;
    /** Bytes of the trailer that ends a {@link #CHECKSUMMED} entry: sequence (int64), CRC32C (int32). */
    public static final int TRAILER_LENGTH = 12;

    /** First entry of every journal: a {@code JournalStart} SBE message. */
    public static final byte START = 0;
    /** A message taken off the ingress stream (clients, admin). */
    public static final byte INGRESS = 1;
    /** A message taken off the venue-in stream. */
    public static final byte VENUE_IN = 2;
    /**
     * The core restarted on this journal with venue requests pending and a venue adapter connected: it sends them
     * again (an adapter may never have read them before the process stopped); the requests follow as outputs.
     * Payload: int64, how many requests were pending.
     */
    public static final byte RESTART = 3;
    /**
     * The ingress publication (Aeron session) holding the gateway's client id is gone (its image left the core's
     * subscription: the gateway stopped or restarted), or the core started: the id is free for the next publication
     * that uses it. Access control acts on it only through this input, so a replay binds the id as the live run did.
     * Payload: int64, the Aeron session id.
     */
    public static final byte SOURCE_GONE = 4;
    /** A report the core published on egress (journaled before it is offered). */
    public static final byte REPORT = 10;
    /** A request the core published to a venue adapter (journaled once the offer succeeded). */
    public static final byte VENUE_REQUEST = 11;
    /** A venue request whose offer failed: the payload is the int64 {@code Publication} result code. */
    public static final byte OFFER_FAILED = 12;
    /** Recovery found the entry at the int64 index in the payload unreadable at the tail and skipped it. */
    public static final byte CUT = 20;

    /** Bytes before the payload: type (1, with {@link #CHECKSUMMED} unless START), timestamp (8), source (4). */
    public static final int HEADER_LENGTH = 13;
    /**
     * Longest payload an entry may carry: far above any message of the schema (the longest, a report with a 4,096-byte
     * text, is under 4,300 bytes). Longer input is refused as malformed without being journaled.
     */
    public static final int MAX_PAYLOAD_LENGTH = 64 * 1024;

    private JournalEntry()
    {
    }

    /**
     * @param type an entry type byte.
     * @return whether it is one of the types above.
     */
    public static boolean isKnownType(final int type)
    {
        return START == type || INGRESS == type || VENUE_IN == type || RESTART == type || SOURCE_GONE == type ||
            REPORT == type || VENUE_REQUEST == type ||
            OFFER_FAILED == type || CUT == type;
    }

    /**
     * @param type an entry type byte.
     * @return whether the core's logic acts on it (an input) rather than having produced it.
     */
    public static boolean isInput(final int type)
    {
        return INGRESS == type || VENUE_IN == type || RESTART == type || SOURCE_GONE == type;
    }

    /**
     * @param type an entry type byte.
     * @return whether the core produced it while handling the input before it.
     */
    public static boolean isOutput(final int type)
    {
        return REPORT == type || VENUE_REQUEST == type || OFFER_FAILED == type;
    }

    /**
     * @param type an entry type byte.
     * @return a readable name for the audit trail.
     */
    public static String typeName(final int type)
    {
        switch (type)
        {
            case START:
                return "START";
            case INGRESS:
                return "IN-CLIENT";
            case VENUE_IN:
                return "IN-VENUE";
            case RESTART:
                return "IN-RESTART";
            case SOURCE_GONE:
                return "IN-SOURCE-GONE";
            case REPORT:
                return "OUT-REPORT";
            case VENUE_REQUEST:
                return "OUT-VENUE";
            case OFFER_FAILED:
                return "OFFER-FAILED";
            case CUT:
                return "CUT";
            default:
                return "UNKNOWN(" + type + ")";
        }
    }
}
