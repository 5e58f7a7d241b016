"""The basket's running subtotal and item count always equal the sums over its lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.basket import Basket
from posapp.domain.errors import ValidationError
from posapp.domain.order import lines_subtotal

codes = st.sampled_from(["A", "B", "C", "D"])
prices = st.sampled_from(["0.01", "1.99", "6.50", "0", "1234.5", "0.333"])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), codes, st.integers(1, 500), prices),
        st.tuples(st.just("qty"), st.integers(0, 9), st.integers(0, 999_999)),
        st.tuples(st.just("price"), st.integers(0, 9), prices),
        st.tuples(st.just("remove"), st.integers(0, 9)),
        st.tuples(st.just("void")),
    ),
    max_size=40,
)


@given(operations, st.sampled_from(["GBP", "JPY", "KWD"]))
def test_running_totals_match_the_lines(ops: list[tuple[object, ...]], currency: str) -> None:
    basket = Basket(currency)
    for op in ops:
        try:
            if op[0] == "add":
                basket.add(op[1], op[2], op[3])
            elif op[0] == "qty":
                basket.set_qty(int(op[1]), op[2])  # type: ignore[call-overload]
            elif op[0] == "price":
                basket.set_price(int(op[1]), op[2])  # type: ignore[call-overload]
            elif op[0] == "remove":
                basket.remove(int(op[1]))  # type: ignore[call-overload]
            else:
                basket.void()
        except ValidationError:
            pass  # refused: nothing changed, and the sums must still hold
        assert basket.subtotal == lines_subtotal(basket.lines, currency)
        assert basket.item_count == sum(line.qty for line in basket.lines)


@given(
    st.lists(st.tuples(codes, st.sampled_from(["1.99", "6.50"])), min_size=1, max_size=12),
    st.integers(0, 11),
)
def test_after_a_removal_a_repeat_merges_into_the_right_line(
    scans: list[tuple[str, str]], which: int
) -> None:
    basket = Basket("GBP")
    for code, price in scans:
        basket.add(code, 1, price)
    row = which % len(basket)
    removed = basket.remove(row)
    for code, price in scans:
        at = basket.add(code, 1, price)
        line = basket.line(at)
        assert (line.ref_code, line.unit_price) == (code, basket.line(at).unit_price)
        first = next(
            n for n, other in enumerate(basket.lines)
            if (other.ref_code, other.unit_price) == (line.ref_code, line.unit_price)
        )  # fmt: skip
        assert at == first  # a repeat goes to the first line with that code and price
    assert removed.qty >= 1
