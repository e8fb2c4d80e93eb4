package io.peregrine.risk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientOrderIdWindowTest
{
    @Test
    void remembersEveryIdWhileNotFull()
    {
        final ClientOrderIdWindow window = new ClientOrderIdWindow(3);
        window.record(30);
        window.record(10);
        window.record(20);
        assertTrue(window.isDuplicate(10));
        assertTrue(window.isDuplicate(20));
        assertTrue(window.isDuplicate(30));
        assertFalse(window.isDuplicate(15), "ids below others are fine while nothing was forgotten");
        assertFalse(window.isDuplicate(-1));
        assertFalse(window.isDuplicate(0));
    }

    @Test
    void whenFullForgetsTheOldestAndRefusesEverythingAtOrBelowTheHighestForgottenId()
    {
        final ClientOrderIdWindow window = new ClientOrderIdWindow(3);
        window.record(30);
        window.record(10);
        window.record(20);
        window.record(40); // forgets 30: floor 30
        assertTrue(window.isDuplicate(30), "forgotten id is still refused");
        assertTrue(window.isDuplicate(25), "unknown id below the floor may be a duplicate: refused");
        assertTrue(window.isDuplicate(10));
        assertTrue(window.isDuplicate(40));
        assertFalse(window.isDuplicate(31));
        window.record(50); // forgets 10: floor stays 30
        window.record(60); // forgets 20
        window.record(70); // forgets 40: floor 40
        assertTrue(window.isDuplicate(40));
        assertTrue(window.isDuplicate(35));
        assertFalse(window.isDuplicate(45));
        assertTrue(window.isDuplicate(50));
    }

    @Test
    void negativeAndExtremeIdsWork()
    {
        final ClientOrderIdWindow window = new ClientOrderIdWindow(2);
        window.record(Long.MIN_VALUE);
        window.record(-1);
        assertTrue(window.isDuplicate(Long.MIN_VALUE));
        assertTrue(window.isDuplicate(-1));
        window.record(Long.MAX_VALUE); // forgets MIN_VALUE
        assertTrue(window.isDuplicate(Long.MIN_VALUE));
        assertFalse(window.isDuplicate(0));
        window.record(0); // forgets -1: floor -1
        assertTrue(window.isDuplicate(-5));
        assertTrue(window.isDuplicate(Long.MAX_VALUE));
        assertTrue(window.isDuplicate(0));
        assertFalse(window.isDuplicate(1));
    }

    @Test
    void clearForgetsEverythingIncludingTheFloor()
    {
        final ClientOrderIdWindow window = new ClientOrderIdWindow(1);
        window.record(5);
        window.record(6);
        assertTrue(window.isDuplicate(5));
        window.clear();
        assertFalse(window.isDuplicate(5));
        assertFalse(window.isDuplicate(6));
    }
}
