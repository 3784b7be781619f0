package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelbundle.token.MutableClock;

class LogBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z").toEpochMilli());

    @Test
    void allowsTheBudgetPerWindowAndThenSaysHowManyWereLeftOut() {
        LogBudget budget = new LogBudget(3, Duration.ofMinutes(1), clock);
        List<Long> taken = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            taken.add(budget.take());
        }
        assertThat(taken).containsExactly(0L, 0L, 0L, -1L, -1L, -1L, -1L, -1L, -1L, -1L);

        clock.advance(Duration.ofSeconds(59));
        assertThat(budget.take()).as("same window").isEqualTo(-1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.take()).as("next window: the 8 left out").isEqualTo(8);
        assertThat(budget.take()).isZero();
        assertThat(budget.take()).isZero();
        assertThat(budget.take()).isEqualTo(-1);
    }

    @Test
    void aBudgetOfNothingIsRefused() {
        assertThatThrownBy(() -> new LogBudget(0, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogBudget(1, Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
