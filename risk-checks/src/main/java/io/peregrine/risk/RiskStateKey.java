package io.peregrine.risk;

/**
 * Key of one entry of {@code ChronicleRiskStore}'s state map: a packed account and a packed symbol, or a marker in
 * place of either (see {@code ChronicleRiskStore}). A Chronicle Values value interface: fixed size (16 bytes), so a
 * reused heap instance is written into the map without serialising anything or allocating.
 */
interface RiskStateKey
{
    long getAccount();

    void setAccount(long account);

    long getSymbol();

    void setSymbol(long symbol);
}
