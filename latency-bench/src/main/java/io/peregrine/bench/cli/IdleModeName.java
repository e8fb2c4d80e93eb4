package io.peregrine.bench.cli;

import io.peregrine.bench.load.IdleMode;
import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;

/** Reads an {@link IdleMode} by its command-line name ({@code busy-spin}, {@code backoff}, ...) for picocli. */
public final class IdleModeName implements CommandLine.ITypeConverter<IdleMode>, Iterable<String>
{
    @Override
    public IdleMode convert(final String value)
    {
        try
        {
            return IdleMode.fromCliName(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.TypeConversionException(ex.getMessage());
        }
    }

    /** @return the valid names, for the usage text. */
    @Override
    public Iterator<String> iterator()
    {
        return List.of("busy-spin", "backoff", "sleeping", "yielding").iterator();
    }
}
