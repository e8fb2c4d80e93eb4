package io.peregrine.gateway.security;

import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

/**
 * A QuickFIX/J {@link LogFactory} whose logs pass every message and event through a {@link SecretMask} before the
 * wrapped log (e.g. {@code FileLogFactory}) writes it: Password(554), NewPassword(925) and configured secrets never
 * reach the FIX message or event logs. Thread-safe as the wrapped logs are; edge code.
 *
 * @param delegate the log factory that writes.
 * @param mask     what to mask.
 */
public record MaskingLogFactory(LogFactory delegate, SecretMask mask) implements LogFactory
{
    public Log create(final SessionID sessionId)
    {
        final Log log = delegate.create(sessionId);
        return new Log()
        {
            public void clear()
            {
                log.clear();
            }

            public void onIncoming(final String message)
            {
                log.onIncoming(mask.mask(message));
            }

            public void onOutgoing(final String message)
            {
                log.onOutgoing(mask.mask(message));
            }

            public void onEvent(final String text)
            {
                log.onEvent(mask.mask(text));
            }

            public void onErrorEvent(final String text)
            {
                log.onErrorEvent(mask.mask(text));
            }

            public void onWarnEvent(final String text)
            {
                log.onWarnEvent(mask.mask(text));
            }
        };
    }
}
