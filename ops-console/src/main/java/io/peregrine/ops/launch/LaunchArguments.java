package io.peregrine.ops.launch;

import io.peregrine.config.FamilyKeyCheck;
import io.peregrine.config.KeyCatalog;
import io.peregrine.config.PropertyReader;
import io.peregrine.core.PeregrineContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The command line of {@code run.sh gateway} and {@code run.sh stack}: the launcher's own flags, then configuration
 * files. {@code --help} (or {@code -h}) asks for the usage; any other argument starting with {@code -} that is not one
 * of the launcher's flags is refused, so a typo never starts a live gateway on defaults. Launch thread, allocates.
 */
final class LaunchArguments
{
    /** Exit status of a launcher given an argument it does not know (as {@code run.sh} for an unknown command). */
    static final int USAGE_EXIT_STATUS = 2;

    private final boolean help;
    private final Set<String> flags;
    private final List<Path> configFiles;

    private LaunchArguments(final boolean help, final Set<String> flags, final List<Path> configFiles)
    {
        this.help = help;
        this.flags = flags;
        this.configFiles = configFiles;
    }

    /**
     * @param args       the command line.
     * @param knownFlags the launcher's own flags (besides {@code --help}).
     * @return what it asks for.
     * @throws IllegalArgumentException naming the first argument that is not one of the flags or a file.
     */
    static LaunchArguments parse(final String[] args, final Set<String> knownFlags)
    {
        final Set<String> flags = new HashSet<>();
        final List<Path> configFiles = new ArrayList<>();
        for (final String arg : args)
        {
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                return new LaunchArguments(true, Set.of(), List.of());
            }
            if (knownFlags.contains(arg))
            {
                flags.add(arg);
            }
            else if (arg.startsWith("-"))
            {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            else if (arg.isBlank())
            {
                throw new IllegalArgumentException("an empty argument where a configuration file was expected");
            }
            else
            {
                configFiles.add(Path.of(arg));
            }
        }
        return new LaunchArguments(false, flags, configFiles);
    }

    /**
     * {@link #parse} for a launcher's {@code main}: {@code --help} prints the usage to standard output and answers
     * null (the caller returns, exit status 0, having started nothing); an unknown argument prints it with the usage
     * to standard error and exits with {@link #USAGE_EXIT_STATUS}.
     *
     * @param command    the command as the user typed it, e.g. {@code gateway}.
     * @param usage      the launcher's usage text.
     * @param knownFlags the launcher's own flags.
     * @param args       the command line.
     * @return what it asks for, or null when only the usage was asked for.
     */
    static LaunchArguments parseOrExit(
        final String command, final String usage, final Set<String> knownFlags, final String[] args)
    {
        final LaunchArguments arguments;
        try
        {
            arguments = parse(args, knownFlags);
        }
        catch (final IllegalArgumentException ex)
        {
            printUsage(System.err, command + ": " + ex.getMessage(), usage);
            System.exit(USAGE_EXIT_STATUS);
            throw ex;
        }
        if (arguments.help)
        {
            printUsage(System.out, null, usage);
            return null;
        }
        return arguments;
    }

    private static void printUsage(final PrintStream out, final String problem, final String usage)
    {
        if (null != problem)
        {
            out.println("peregrine: " + problem);
        }
        out.println(usage);
        out.flush();
    }

    /**
     * @return whether {@code --help} was asked for (then nothing else was read).
     */
    boolean help()
    {
        return help;
    }

    /**
     * @param flag one of the launcher's flags.
     * @return whether it was given.
     */
    boolean has(final String flag)
    {
        return flags.contains(flag);
    }

    /**
     * @return the configuration files, in the order given.
     */
    List<Path> configFiles()
    {
        return configFiles;
    }

    /**
     * Copies the configuration files into the system properties ({@link Launch#applyConfigFileOrExit}): the first
     * file that sets a key wins, a {@code -D} key wins over every file. A file's value that is not of its key's type
     * (a number, a flag) ends the process with one line naming the file and the key, exit status 2
     * ({@link KeyCatalog#checkValues}). Before that, WARNs of each {@code peregrine.*} system property (a
     * {@code -D}) this version does not read ({@link KeyCatalog#warnOfUnknownSystemProperties()}).
     * After that, a file's key of a venue, broker session, simulator session, instrument or account that the
     * configuration (or the risk limits) does not list ({@code peregrine.gateway.venue.3.host} with
     * {@code peregrine.gateway.venues=1,2}) ends the process with one line; such a {@code -D} is WARNed of
     * ({@link FamilyKeyCheck}).
     *
     * @param command the command as the user typed it, e.g. {@code gateway}.
     */
    void applyConfigFilesOrExit(final String command)
    {
        KeyCatalog.peregrine().warnOfUnknownSystemProperties();
        final Set<String> fileKeys = new HashSet<>();
        for (final Path file : configFiles)
        {
            final Properties properties = Launch.applyConfigFileOrExit(command, file);
            try
            {
                KeyCatalog.peregrine().checkValues(properties);
            }
            catch (final IllegalArgumentException ex)
            {
                // Here the file is known; the context that would refuse it later reads the system properties.
                StartRefusal.exitBadConfiguration(command, "configuration file " + file + ": " + ex.getMessage());
            }
            fileKeys.addAll(properties.stringPropertyNames());
        }
        // The system properties now hold the configuration every context reads; the files' keys are the ones refused.
        final Properties fromFiles = new Properties();
        for (final String key : fileKeys)
        {
            fromFiles.setProperty(key, System.getProperty(key));
        }
        final PropertyReader reader = PropertyReader.layered(fromFiles);
        final FamilyKeyCheck check = FamilyKeyCheck.gateway(reader).and(FamilyKeyCheck.sim(reader));
        try
        {
            check.and(PeregrineContext.accountKeyCheck(reader, PeregrineContext.configuredRiskLimits(reader)));
        }
        catch (final RuntimeException ex)
        {
            // A limits file the core cannot read: the core's start refuses it, naming it; no account to check here.
        }
        try
        {
            check.refuseOrWarn(reader);
        }
        catch (final IllegalArgumentException ex)
        {
            StartRefusal.exit(command, "configuration file " + (1 == configFiles.size() ? configFiles.get(0) :
                configFiles) + ": " + ex.getMessage());
        }
    }
}
