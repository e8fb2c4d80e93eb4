package io.peregrine.fixedge;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Log;
import quickfix.SessionID;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollingFixLogTest
{
    @TempDir
    Path dir;

    @Test
    void aFileThatCannotBeWrittenDropsItsLinesWithoutFailingTheCallerAndResumesOnceItCan() throws Exception
    {
        final Path file = dir.resolve("events.log");
        // A non-empty directory where the rolled copy goes: rolling fails, as a write does on a full disk.
        final Path obstacle = Files.createDirectories(dir.resolve("events.log.1"));
        Files.writeString(obstacle.resolve("keep"), "x");
        try (RollingFile log = new RollingFile(file, 1024, 2))
        {
            for (int i = 0; i < 100; i++)
            {
                log.append("line " + i + " " + "y".repeat(40)); // must not throw
            }
            assertTrue(log.dropped() > 0, "lines dropped: " + log.dropped());

            Files.delete(obstacle.resolve("keep"));
            Files.delete(obstacle);
            io.peregrine.testsupport.Await.until("the file written again", () ->
            {
                log.append("after the disk was freed");
                try
                {
                    return Files.readString(file).contains("after the disk was freed");
                }
                catch (final IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
            }, 10_000);
        }
    }

    @Test
    void rollsBySizeAndKeepsABoundedNumberOfFiles() throws IOException
    {
        final RollingLogLimits limits = new RollingLogLimits(4096, 3);
        try (RollingFixLogFactory factory = new RollingFixLogFactory(dir, limits, false))
        {
            final Log log = factory.create(new SessionID("FIX.4.4", "GW", "BROKER1"));
            final String message = "8=FIX.4.4\u00019=5\u000135=D\u0001" + "x".repeat(200) + "\u000110=000\u0001";
            for (int i = 0; i < 2_000; i++)
            {
                log.onIncoming(message);
                log.onEvent("event " + i);
            }
        }
        final List<Path> files = files();
        // Two logs (messages, events), each at most 3 files of at most 4 KiB.
        assertEquals(6, files.size(), files.toString());
        long total = 0;
        for (final Path file : files)
        {
            assertTrue(Files.size(file) <= 4096, file + " " + Files.size(file));
            total += Files.size(file);
        }
        assertTrue(total <= limits.maxTotalBytes(2, 1));
        // The newest records are the ones kept.
        assertTrue(Files.readString(dir.resolve("FIX.4.4-GW-BROKER1.event.log")).contains("event 1999"));
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix"))
        {
            for (final Path file : files)
            {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)), file + " is owner-only");
            }
        }
    }

    @Test
    void writesAnInvalidMessageOnceEvenWhenTheErrorEventQuotesIt() throws IOException
    {
        final String invalid =
            "8=FIX.4.4\u00019=48\u000135=D\u000134=17\u000111=UNIQUE-CLORDID-42\u000110=000\u0001";
        try (RollingFixLogFactory factory = new RollingFixLogFactory(dir, RollingLogLimits.defaults(), false))
        {
            final Log log = factory.create(new SessionID("FIX.4.4", "GW", "BROKER1"));
            log.onIncoming(invalid);
            log.onErrorEvent("Rejecting invalid message: quickfix.FieldException: Required tag missing: " + invalid);
            log.onErrorEvent("x".repeat(10_000));
        }
        long occurrences = 0;
        for (final Path file : files())
        {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            occurrences += text.split("UNIQUE-CLORDID-42", -1).length - 1;
        }
        assertEquals(1, occurrences);
        final String events = Files.readString(dir.resolve("FIX.4.4-GW-BROKER1.event.log"));
        assertTrue(events.contains("<message MsgSeqNum 17, see messages log>"), events);
        assertTrue(events.contains("chars cut"), "a huge event is cut");
    }

    @Test
    void withMessagesOffTheErrorEventCarriesTheInvalidMessageReadablyAndCut() throws IOException
    {
        final String invalid =
            "8=FIX.4.4\u00019=48\u000135=D\u000134=29\u000111=UNIQUE-CLORDID-43\u000158=a\nb\u000110=000\u0001";
        try (RollingFixLogFactory factory =
            new RollingFixLogFactory(dir, RollingLogLimits.defaults(), false, false))
        {
            final Log log = factory.create(new SessionID("FIX.4.4", "GW", "BROKER1"));
            log.onIncoming(invalid);
            log.onErrorEvent("Rejecting invalid message: quickfix.FieldException: Required tag missing: " + invalid);
            log.onErrorEvent("Rejecting invalid message: " + "8=FIX.4.4\u0001" + "y".repeat(10_000));
        }
        assertEquals(List.of(dir.resolve("FIX.4.4-GW-BROKER1.event.log")), files());
        final List<String> events = Files.readAllLines(dir.resolve("FIX.4.4-GW-BROKER1.event.log"));
        assertEquals(2, events.size(), "one line per event: " + events);
        assertTrue(events.get(0).endsWith(" ERROR Rejecting invalid message: quickfix.FieldException: Required tag " +
            "missing: 8=FIX.4.4|9=48|35=D|34=29|11=UNIQUE-CLORDID-43|58=a?b|10=000|"), events.get(0));
        assertTrue(events.get(1).contains("Rejecting invalid message: 8=FIX.4.4|yyy"), events.get(1));
        final int cutAt = events.get(1).indexOf(" ERROR ") + " ERROR ".length() + RollingFixLog.MAX_EVENT_CHARS;
        assertEquals("...[" + (10_000 + "Rejecting invalid message: 8=FIX.4.4|".length() -
            RollingFixLog.MAX_EVENT_CHARS) + " chars cut]", events.get(1).substring(cutAt));
    }

    @Test
    void leavesHeartbeatsOutUnlessAsked() throws IOException
    {
        try (RollingFixLogFactory factory = new RollingFixLogFactory(dir, RollingLogLimits.defaults(), false))
        {
            final Log log = factory.create(new SessionID("FIX.4.4", "GW", "BROKER1"));
            log.onIncoming("8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001");
            log.onOutgoing("8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001");
        }
        assertEquals(0, Files.size(dir.resolve("FIX.4.4-GW-BROKER1.messages.log")));
    }

    @Test
    void withMessagesOffWritesSessionEventsOnly() throws IOException
    {
        try (RollingFixLogFactory factory =
            new RollingFixLogFactory(dir, RollingLogLimits.defaults(), false, false))
        {
            final Log log = factory.create(new SessionID("FIX.4.4", "GW", "BROKER1"));
            log.onIncoming("8=FIX.4.4\u00019=5\u000135=D\u000111=IN-1\u000110=000\u0001");
            log.onOutgoing("8=FIX.4.4\u00019=5\u000135=8\u000111=OUT-1\u000110=000\u0001");
            log.onEvent("Received logon");
            log.onErrorEvent("MsgSeqNum too low, expecting 3034 but received 511");
        }
        assertEquals(List.of(dir.resolve("FIX.4.4-GW-BROKER1.event.log")), files());
        final String events = Files.readString(dir.resolve("FIX.4.4-GW-BROKER1.event.log"));
        assertTrue(events.contains("Received logon") && events.contains("ERROR MsgSeqNum too low"), events);
        assertTrue(!events.contains("IN-1") && !events.contains("OUT-1"), events);
    }

    @Test
    void countsEveryErrorEventOfEverySessionAndNothingElse() throws IOException
    {
        final AtomicCounter errors = new AtomicCounter(new UnsafeBuffer(new byte[64]), 0);
        try (RollingFixLogFactory factory =
            new RollingFixLogFactory(dir, RollingLogLimits.defaults(), false, false, errors))
        {
            final Log broker1 = factory.create(new SessionID("FIX.4.4", "GW", "BROKER1"));
            final Log broker2 = factory.create(new SessionID("FIX.4.4", "GW", "BROKER2"));
            broker1.onEvent("Received logon");
            broker1.onWarnEvent("Logon timeout");
            broker1.onIncoming("8=FIX.4.4\u00019=5\u000135=D\u000110=000\u0001");
            // What QuickFIX/J says of a message it drops, as FIX requires, without an answer to the sender.
            broker1.onErrorEvent("Invalid message: Expected CheckSum=183, Received CheckSum=0 in <message>");
            broker2.onErrorEvent("Rejecting invalid message: quickfix.FieldException: Required tag missing, field=54");
        }
        assertEquals(2, errors.get());
        final String events = Files.readString(dir.resolve("FIX.4.4-GW-BROKER1.event.log"));
        assertTrue(events.contains("ERROR Invalid message: Expected CheckSum=183"), events);
    }

    private List<Path> files() throws IOException
    {
        try (Stream<Path> stream = Files.list(dir))
        {
            return stream.collect(Collectors.toList());
        }
    }
}
