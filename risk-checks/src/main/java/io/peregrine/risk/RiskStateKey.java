package io.peregrine.risk;

/**
 * Key of one entry of the format-v2 risk state file ({@code risk-state-v2.dat}, a Chronicle Map), read when
 * {@code ChronicleRiskStore} migrates such a file: a packed account and a packed symbol, or a marker in place of
 * either (see {@code ChronicleRiskStore}). A Chronicle Values value interface: fixed size (16 bytes).
 */
interface RiskStateKey
{
    long getAccount();

    void setAccount(long account);

    long getSymbol();

    void setSymbol(long symbol);
}
