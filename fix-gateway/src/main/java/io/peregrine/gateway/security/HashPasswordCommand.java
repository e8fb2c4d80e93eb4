package io.peregrine.gateway.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code ./scripts/run.sh hash-password [--iterations N]}: reads a broker's password from standard input (without
 * echo on a terminal; the first line when piped) and prints its {@link PasswordHash} for
 * {@code peregrine.gateway.broker.<COMPID>.password.hash}. The password is never written anywhere.
 */
public final class HashPasswordCommand
{
    private HashPasswordCommand()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        int iterations = PasswordHash.DEFAULT_ITERATIONS;
        for (int i = 0; i < args.length; i++)
        {
            if ("--iterations".equals(args[i]) && i + 1 < args.length)
            {
                iterations = Integer.parseInt(args[++i]);
            }
            else
            {
                System.err.println("usage: ./scripts/run.sh hash-password [--iterations N] < password " +
                    "(prints the value of peregrine.gateway.broker.<COMPID>.password.hash)");
                System.exit("--help".equals(args[i]) ? 0 : 2);
            }
        }

        final char[] password = readPassword();
        try
        {
            System.out.println(PasswordHash.create(password, iterations).encoded());
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("peregrine: hash-password: " + ex.getMessage() + "; give the password on standard " +
                "input, e.g. ./scripts/run.sh hash-password < password-file");
            System.exit(2);
        }
        finally
        {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] readPassword() throws IOException
    {
        final Console console = System.console();
        if (null != console)
        {
            final char[] typed = console.readPassword("password: ");
            return null == typed ? new char[0] : typed;
        }
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        final String line = in.readLine();
        return null == line ? new char[0] : line.toCharArray();
    }
}
