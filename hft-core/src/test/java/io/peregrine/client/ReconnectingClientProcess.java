package io.peregrine.client;

import io.peregrine.protocol.PackedAscii;
import io.peregrine.sbe.ExecType;
import io.peregrine.sbe.ExecutionReportDecoder;

/**
 * An app written from the READMEs ("When Peregrine stops or restarts" in {@link PeregrineClient}), in its own JVM,
 * for {@link PeregrineClientRestartTest}: connects (retrying while no driver answers), asks the state of an order
 * and prints {@code ANSWERED} when the core's ORDER_STATUS answer arrives; when the client is closed under it
 * ({@link ClientClosedException}) prints {@code CLOSED} and connects a new one. Runs until killed.
 * <p>
 * Arguments: the Aeron directory, the client id.
 */
public final class ReconnectingClientProcess
{
    private static final long ACCOUNT = PackedAscii.pack("ACC1");
    private static final long ASKED_CLORDID = 424242;

    private ReconnectingClientProcess()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final PeregrineClient.Context ctx = new PeregrineClient.Context()
            .aeronDirectoryName(args[0])
            .clientId(Integer.parseInt(args[1]));
        final boolean[] answered = new boolean[1];
        final ReportListener listener = new ReportListener()
        {
            public void onExecutionReport(final ExecutionReportDecoder report)
            {
                if (report.clientId() == ctx.clientId() && report.clOrdId() == ASKED_CLORDID &&
                    report.execType() == ExecType.ORDER_STATUS)
                {
                    answered[0] = true;
                }
            }
        };
        while (true)
        {
            final PeregrineClient client = connect(ctx);
            try
            {
                boolean asked = false;
                answered[0] = false;
                while (true)
                {
                    if (!asked && client.isConnected())
                    {
                        asked = client.orderStatus(1, ASKED_CLORDID, 0, ACCOUNT);
                    }
                    client.poll(listener, 16);
                    if (answered[0])
                    {
                        System.out.println("ANSWERED");
                        System.out.flush();
                        answered[0] = false;
                    }
                    Thread.sleep(5);
                }
            }
            catch (final ClientClosedException ex)
            {
                System.out.println("CLOSED " + ex.getMessage());
                System.out.flush();
                client.close();
            }
        }
    }

    private static PeregrineClient connect(final PeregrineClient.Context ctx) throws InterruptedException
    {
        while (true)
        {
            try
            {
                final PeregrineClient client = PeregrineClient.connect(ctx);
                System.out.println("CONNECTED");
                System.out.flush();
                return client;
            }
            catch (final RuntimeException ex)
            {
                System.out.println("CONNECT-FAILED " + ex);
                System.out.flush();
                Thread.sleep(200);
            }
        }
    }
}
