// The sweep's headline kernel for two variants at once, in WebAssembly text (compiled at run time by
// headline-wasm.ts). Two variants on the same labels, prices and cost columns run in lockstep: the bars
// between quiet stretches one variant after the other (scalar, the general bar of runHeadlineBlock in
// simulate-headline.ts, statement for statement), a quiet stretch both at once in the two lanes of an
// f64x2 (runQuietStretch's statements, branch-free where the lanes may differ), and pass 2 of the
// variance both at once. WebAssembly's f64 arithmetic is IEEE-754 binary64 with round-to-nearest, as
// JavaScript's, and f64x2 lanes compute what the scalar operation computes: the rows equal the JS
// kernel's bit for bit (tests/unit/core/backtest/headline-wasm.test.ts). Keep all three in step.
//
// Memory (byte offsets, headline-wasm.ts lays it out):
//   plan block (i32 at PLAN): 0 d0, 1 end, 2 hasFunding, 3 open, 4 high, 5 low, 6 close, 7 rate,
//     8 label (i8), 9 volume, 10 base slippage (f64 columns by bar), 11 returns (f64 pairs by bar),
//     12 stretch count, 13 first, 14 last (i32), 15 lowMin, 16 highMax, 17 openMax, 18 fundingUp,
//     19 fundingDown (f64 by stretch), 20 packed rows of the other bars (8 f64 each, ROW order);
//   the pair block (f64): field f of lane l at 16 f + 8 l (so a field of both lanes is one v128):
//     simulate-headline.ts's state fields S 0–23, the variant's constants at 32–38 and its target
//     table (label + 1) from 64; a lane's offset is $lane = pair block + 8 l.

export const PLAN_FIELD = {
  d0: 0, end: 1, hasFunding: 2, open: 3, high: 4, low: 5, close: 6, rate: 7, label: 8, volume: 9, slippage: 10, returns: 11,
  count: 12, first: 13, last: 14, lowMin: 15, highMax: 16, openMax: 17, fundingUp: 18, fundingDown: 19, rows: 20,
} as const;
/** Fields of the pair block after the state fields (field f of lane l is f64 number 2 f + l). */
export const PAIR_FIELD = { feeRate: 32, impactFraction: 33, liquidationFeeRate: 34, maxLeverage: 35, minOrderNotional: 36, mmr: 37, stopAfterLiquidation: 38, table: 64 } as const;
export const TABLE_ENTRIES = 129;
export const PAIR_BYTES = (PAIR_FIELD.table + TABLE_ENTRIES) * 16;

// Byte offsets of the pair block's fields used below (16 f): cash 0, q 16, pending 32, lastTarget 48,
// stopped 64, funding 80, heldExposure 96, heldLeverage 112, previous 128, sum 144, comp 160,
// downside 176, peak 192, low 208, maxDrawdown 224, orders 240, rebalances 256, liquidations 272,
// fees 288, slippage 304, ruined 320, nonFinite 336, last 368; feeRate 512, impactFraction 528,
// liquidationFeeRate 544, maxLeverage 560, minOrderNotional 576, mmr 592, stopAfterLiquidation 608,
// table 1024.
export const HEADLINE_WAT = String.raw`
(module
  (import "env" "memory" (memory 1))

  ;; min(x, 0)² as descriptive.ts negativePartSquared: 0 for +Infinity, ((x − |x|) · 0.5)² otherwise.
  (func $negativePartSquared (param $x f64) (result f64)
    (local $d f64)
    (if (result f64) (f64.eq (local.get $x) (f64.const inf))
      (then (f64.const 0))
      (else
        (local.set $d (f64.mul (f64.sub (local.get $x) (f64.abs (local.get $x))) (f64.const 0.5)))
        (f64.mul (local.get $d) (local.get $d)))))

  ;; The target of a label scaled down to the leverage cap (simulate-headline.ts cappedTarget).
  (func $cappedTarget (param $lane i32) (param $label i32) (result f64)
    (local $target f64) (local $gross f64) (local $max f64)
    (local.set $target (f64.load offset=1024 (i32.add (local.get $lane) (i32.shl (i32.add (local.get $label) (i32.const 1)) (i32.const 4)))))
    (local.set $gross (f64.add (f64.const 0) (select (f64.neg (local.get $target)) (local.get $target) (f64.lt (local.get $target) (f64.const 0)))))
    (local.set $max (f64.load offset=560 (local.get $lane)))
    (select
      (f64.mul (local.get $target) (f64.div (local.get $max) (local.get $gross)))
      (local.get $target)
      (f64.gt (local.get $gross) (local.get $max))))

  ;; Bars [t, to] of one variant (lane block $lane, returns lane $side) through the general bar: its
  ;; inputs from the packed rows from $row on ($useRows) or from the columns. Returns the next row.
  (func $generalBars (param $plan i32) (param $lane i32) (param $side i32) (param $t i32) (param $to i32) (param $row i32) (param $useRows i32) (result i32)
    (local $d0 i32) (local $end i32) (local $hasFunding i32) (local $returns i32)
    (local $colOpen i32) (local $colHigh i32) (local $colLow i32) (local $colClose i32) (local $colRate i32) (local $colLabel i32) (local $colVolume i32) (local $colSlip i32)
    (local $feeRate f64) (local $impact f64) (local $liqFee f64) (local $maxLev f64) (local $minNotional f64) (local $mmr f64) (local $stopAfter i32)
    (local $cash f64) (local $q f64) (local $pending f64) (local $lastTarget f64) (local $stopped i32) (local $fundingTotal f64)
    (local $heldExposure f64) (local $heldLeverage f64) (local $previous f64) (local $sum f64) (local $comp f64) (local $downside f64)
    (local $peak f64) (local $lowest f64) (local $maxDrawdown f64) (local $orders f64) (local $rebalances f64) (local $liquidations f64)
    (local $fees f64) (local $slippage f64) (local $ruined i32) (local $nonFinite i32)
    (local $o f64) (local $hi f64) (local $lo f64) (local $cl f64) (local $rate f64) (local $label i32) (local $volumePrev f64) (local $slippagePrev f64)
    (local $barFunding f64) (local $barFees f64) (local $barSlip f64) (local $f f64) (local $dq f64) (local $fraction f64) (local $px f64) (local $fee f64)
    (local $w f64) (local $aq f64) (local $a f64) (local $b f64) (local $lambda f64) (local $p f64)
    (local $v f64) (local $e f64) (local $net f64) (local $exposure f64) (local $leverage f64) (local $r f64) (local $s f64) (local $depth f64) (local $target f64)
    (local.set $d0 (i32.load offset=0 (local.get $plan)))
    (local.set $end (i32.load offset=4 (local.get $plan)))
    (local.set $hasFunding (i32.load offset=8 (local.get $plan)))
    (local.set $colOpen (i32.load offset=12 (local.get $plan)))
    (local.set $colHigh (i32.load offset=16 (local.get $plan)))
    (local.set $colLow (i32.load offset=20 (local.get $plan)))
    (local.set $colClose (i32.load offset=24 (local.get $plan)))
    (local.set $colRate (i32.load offset=28 (local.get $plan)))
    (local.set $colLabel (i32.load offset=32 (local.get $plan)))
    (local.set $colVolume (i32.load offset=36 (local.get $plan)))
    (local.set $colSlip (i32.load offset=40 (local.get $plan)))
    (local.set $returns (i32.load offset=44 (local.get $plan)))
    (local.set $feeRate (f64.load offset=512 (local.get $lane)))
    (local.set $impact (f64.load offset=528 (local.get $lane)))
    (local.set $liqFee (f64.load offset=544 (local.get $lane)))
    (local.set $maxLev (f64.load offset=560 (local.get $lane)))
    (local.set $minNotional (f64.load offset=576 (local.get $lane)))
    (local.set $mmr (f64.load offset=592 (local.get $lane)))
    (local.set $stopAfter (f64.ne (f64.load offset=608 (local.get $lane)) (f64.const 0)))
    (local.set $cash (f64.load offset=0 (local.get $lane)))
    (local.set $q (f64.load offset=16 (local.get $lane)))
    (local.set $pending (f64.load offset=32 (local.get $lane)))
    (local.set $lastTarget (f64.load offset=48 (local.get $lane)))
    (local.set $stopped (f64.eq (f64.load offset=64 (local.get $lane)) (f64.const 1)))
    (local.set $fundingTotal (f64.load offset=80 (local.get $lane)))
    (local.set $heldExposure (f64.load offset=96 (local.get $lane)))
    (local.set $heldLeverage (f64.load offset=112 (local.get $lane)))
    (local.set $previous (f64.load offset=128 (local.get $lane)))
    (local.set $sum (f64.load offset=144 (local.get $lane)))
    (local.set $comp (f64.load offset=160 (local.get $lane)))
    (local.set $downside (f64.load offset=176 (local.get $lane)))
    (local.set $peak (f64.load offset=192 (local.get $lane)))
    (local.set $lowest (f64.load offset=208 (local.get $lane)))
    (local.set $maxDrawdown (f64.load offset=224 (local.get $lane)))
    (local.set $orders (f64.load offset=240 (local.get $lane)))
    (local.set $rebalances (f64.load offset=256 (local.get $lane)))
    (local.set $liquidations (f64.load offset=272 (local.get $lane)))
    (local.set $fees (f64.load offset=288 (local.get $lane)))
    (local.set $slippage (f64.load offset=304 (local.get $lane)))
    (local.set $ruined (f64.eq (f64.load offset=320 (local.get $lane)) (f64.const 1)))
    (local.set $nonFinite (f64.eq (f64.load offset=336 (local.get $lane)) (f64.const 1)))
    (block $done
      (loop $bar
        (br_if $done (i32.gt_s (local.get $t) (local.get $to)))
        (if (local.get $useRows)
          (then
            (local.set $o (f64.load offset=0 (local.get $row)))
            (local.set $hi (f64.load offset=8 (local.get $row)))
            (local.set $lo (f64.load offset=16 (local.get $row)))
            (local.set $cl (f64.load offset=24 (local.get $row)))
            (local.set $rate (f64.load offset=32 (local.get $row)))
            (local.set $label (i32.trunc_f64_s (f64.load offset=40 (local.get $row))))
            (local.set $volumePrev (f64.load offset=48 (local.get $row)))
            (local.set $slippagePrev (f64.load offset=56 (local.get $row)))
            (local.set $row (i32.add (local.get $row) (i32.const 64))))
          (else
            (local.set $o (f64.load (i32.add (local.get $colOpen) (i32.shl (local.get $t) (i32.const 3)))))
            (local.set $hi (f64.load (i32.add (local.get $colHigh) (i32.shl (local.get $t) (i32.const 3)))))
            (local.set $lo (f64.load (i32.add (local.get $colLow) (i32.shl (local.get $t) (i32.const 3)))))
            (local.set $cl (f64.load (i32.add (local.get $colClose) (i32.shl (local.get $t) (i32.const 3)))))
            (local.set $rate (f64.load (i32.add (local.get $colRate) (i32.shl (local.get $t) (i32.const 3)))))
            (local.set $label (i32.load8_s (i32.add (local.get $colLabel) (local.get $t))))
            (local.set $volumePrev (f64.load (i32.add (local.get $colVolume) (i32.shl (i32.sub (local.get $t) (i32.const 1)) (i32.const 3)))))
            (local.set $slippagePrev (f64.load (i32.add (local.get $colSlip) (i32.shl (i32.sub (local.get $t) (i32.const 1)) (i32.const 3)))))))
        (local.set $barFunding (f64.const 0))
        (if (local.get $hasFunding)
          (then
            (if (i32.and (f64.ne (local.get $q) (f64.const 0)) (f64.ne (local.get $rate) (f64.const 0)))
              (then
                (local.set $f (f64.mul (f64.mul (local.get $q) (local.get $o)) (local.get $rate)))
                (local.set $cash (f64.sub (local.get $cash) (local.get $f)))
                (local.set $barFunding (f64.add (local.get $barFunding) (local.get $f)))))))
        (local.set $barFees (f64.const 0))
        (local.set $barSlip (f64.const 0))
        ;; The fill of the pending order at this bar's open.
        (if (f64.ne (local.get $pending) (f64.const 0))
          (then
            (local.set $dq (local.get $pending))
            (local.set $fraction
              (if (result f64) (i32.or (f64.eq (local.get $impact) (f64.const 0)) (i32.eqz (f64.gt (local.get $volumePrev) (f64.const 0))))
                (then (local.get $slippagePrev))
                (else (f64.add (local.get $slippagePrev) (f64.mul (local.get $impact) (f64.sqrt (f64.div (f64.abs (local.get $dq)) (local.get $volumePrev))))))))
            (local.set $px
              (if (result f64) (f64.gt (local.get $dq) (f64.const 0))
                (then (f64.mul (local.get $o) (f64.add (f64.const 1) (local.get $fraction))))
                (else (f64.mul (local.get $o) (f64.sub (f64.const 1) (local.get $fraction))))))
            (local.set $fee (f64.mul (f64.mul (f64.abs (local.get $dq)) (local.get $px)) (local.get $feeRate)))
            (local.set $cash (f64.sub (local.get $cash) (f64.add (f64.mul (local.get $dq) (local.get $px)) (local.get $fee))))
            (local.set $q (f64.add (local.get $q) (local.get $dq)))
            (local.set $barFees (f64.add (local.get $barFees) (local.get $fee)))
            (local.set $barSlip (f64.add (local.get $barSlip) (f64.mul (f64.abs (local.get $dq)) (f64.abs (f64.sub (local.get $px) (local.get $o))))))
            (local.set $orders (f64.add (local.get $orders) (f64.const 1)))
            (local.set $pending (f64.const 0))))
        ;; Liquidation when the bar's worst price takes equity below maintenance margin.
        (if (f64.ne (local.get $q) (f64.const 0))
          (then
            (local.set $w (select (local.get $lo) (local.get $hi) (f64.gt (local.get $q) (f64.const 0))))
            (local.set $aq (select (local.get $q) (f64.neg (local.get $q)) (f64.gt (local.get $q) (f64.const 0))))
            (local.set $a (f64.add (local.get $cash) (f64.sub (f64.mul (local.get $q) (local.get $o)) (f64.mul (f64.mul (local.get $mmr) (local.get $aq)) (local.get $o)))))
            (local.set $b (f64.add (f64.const 0) (f64.mul (f64.sub (local.get $q) (f64.mul (local.get $mmr) (local.get $aq))) (f64.sub (local.get $w) (local.get $o)))))
            (if (f64.lt (f64.add (local.get $a) (local.get $b)) (f64.const 0))
              (then
                (local.set $lambda (select (f64.const 0) (f64.div (local.get $a) (f64.neg (local.get $b))) (f64.le (local.get $a) (f64.const 0))))
                (local.set $p (f64.add (local.get $o) (f64.mul (local.get $lambda) (f64.sub (local.get $w) (local.get $o)))))
                (local.set $fee (f64.mul (f64.mul (f64.abs (local.get $q)) (local.get $p)) (f64.add (local.get $feeRate) (local.get $liqFee))))
                (local.set $cash (f64.add (local.get $cash) (f64.sub (f64.mul (local.get $q) (local.get $p)) (local.get $fee))))
                (local.set $barFees (f64.add (local.get $barFees) (local.get $fee)))
                (local.set $orders (f64.add (local.get $orders) (f64.const 1)))
                (local.set $q (f64.const 0))
                (local.set $pending (f64.const 0))
                (if (f64.lt (local.get $cash) (f64.const 0)) (then (local.set $cash (f64.const 0))))
                (local.set $liquidations (f64.add (local.get $liquidations) (f64.const 1)))
                (if (local.get $stopAfter) (then (local.set $stopped (i32.const 1))))))))
        (if (f64.ne (local.get $barFees) (f64.const 0)) (then (local.set $fees (f64.add (local.get $fees) (local.get $barFees)))))
        (if (f64.ne (local.get $barSlip) (f64.const 0)) (then (local.set $slippage (f64.add (local.get $slippage) (local.get $barSlip)))))
        ;; Marking to market, and pass 1 of the headline statistics on this bar's equity.
        (local.set $v (f64.mul (local.get $q) (local.get $cl)))
        (local.set $e (f64.add (local.get $cash) (local.get $v)))
        (local.set $net (f64.add (f64.const 0) (local.get $v)))
        (local.set $exposure (select (f64.div (local.get $net) (local.get $e)) (f64.const 0) (f64.gt (local.get $e) (f64.const 0))))
        (local.set $leverage (select (f64.neg (local.get $exposure)) (local.get $exposure) (f64.lt (local.get $exposure) (f64.const 0))))
        (local.set $fundingTotal (f64.add (local.get $fundingTotal) (local.get $barFunding)))
        (if (i32.eqz (i32.and (f64.gt (local.get $e) (f64.const 0)) (f64.lt (local.get $e) (f64.const inf))))
          (then
            (if (f64.gt (local.get $e) (f64.const 0))
              (then (local.set $nonFinite (i32.const 1)))
              (else (local.set $ruined (i32.const 1))))))
        (local.set $r (f64.sub (f64.div (local.get $e) (local.get $previous)) (f64.const 1)))
        (local.set $previous (local.get $e))
        (f64.store (i32.add (local.get $returns) (i32.shl (i32.add (i32.shl (i32.sub (i32.sub (local.get $t) (local.get $d0)) (i32.const 1)) (i32.const 1)) (local.get $side)) (i32.const 3))) (local.get $r))
        (local.set $s (f64.add (local.get $sum) (local.get $r)))
        (local.set $comp (f64.add (local.get $comp)
          (select
            (f64.add (f64.sub (local.get $sum) (local.get $s)) (local.get $r))
            (f64.add (f64.sub (local.get $r) (local.get $s)) (local.get $sum))
            (f64.ge (f64.abs (local.get $sum)) (f64.abs (local.get $r))))))
        (local.set $sum (local.get $s))
        (local.set $downside (f64.add (local.get $downside) (call $negativePartSquared (local.get $r))))
        (if (f64.gt (local.get $e) (local.get $peak))
          (then
            (local.set $depth (f64.neg (f64.sub (f64.div (local.get $lowest) (local.get $peak)) (f64.const 1))))
            (if (f64.gt (local.get $depth) (local.get $maxDrawdown)) (then (local.set $maxDrawdown (local.get $depth))))
            (local.set $peak (local.get $e))
            (local.set $lowest (local.get $e)))
          (else
            (if (f64.lt (local.get $e) (local.get $lowest)) (then (local.set $lowest (local.get $e))))))
        (block $next
          (if (i32.eq (local.get $t) (local.get $end))
            (then
              (f64.store offset=368 (local.get $lane) (local.get $e))
              (br $next)))
          (local.set $heldExposure (f64.add (local.get $heldExposure) (local.get $exposure)))
          (local.set $heldLeverage (f64.add (local.get $heldLeverage) (local.get $leverage)))
          (br_if $next (local.get $stopped))
          ;; The on-change decision at this bar's close.
          (local.set $target (call $cappedTarget (local.get $lane) (local.get $label)))
          (br_if $next (i32.eqz (f64.gt (f64.abs (f64.sub (local.get $target) (local.get $lastTarget))) (f64.const 1e-12))))
          (br_if $next (i32.eqz (f64.gt (local.get $e) (f64.const 0))))
          (local.set $dq (f64.sub (f64.div (f64.mul (local.get $target) (local.get $e)) (local.get $cl)) (local.get $q)))
          (local.set $lastTarget (local.get $target))
          (br_if $next (f64.eq (local.get $dq) (f64.const 0)))
          (br_if $next (f64.lt (f64.mul (f64.abs (local.get $dq)) (local.get $cl)) (local.get $minNotional)))
          (local.set $pending (local.get $dq))
          (local.set $rebalances (f64.add (local.get $rebalances) (f64.const 1))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $bar)))
    (f64.store offset=0 (local.get $lane) (local.get $cash))
    (f64.store offset=16 (local.get $lane) (local.get $q))
    (f64.store offset=32 (local.get $lane) (local.get $pending))
    (f64.store offset=48 (local.get $lane) (local.get $lastTarget))
    (f64.store offset=64 (local.get $lane) (f64.convert_i32_u (local.get $stopped)))
    (f64.store offset=80 (local.get $lane) (local.get $fundingTotal))
    (f64.store offset=96 (local.get $lane) (local.get $heldExposure))
    (f64.store offset=112 (local.get $lane) (local.get $heldLeverage))
    (f64.store offset=128 (local.get $lane) (local.get $previous))
    (f64.store offset=144 (local.get $lane) (local.get $sum))
    (f64.store offset=160 (local.get $lane) (local.get $comp))
    (f64.store offset=176 (local.get $lane) (local.get $downside))
    (f64.store offset=192 (local.get $lane) (local.get $peak))
    (f64.store offset=208 (local.get $lane) (local.get $lowest))
    (f64.store offset=224 (local.get $lane) (local.get $maxDrawdown))
    (f64.store offset=240 (local.get $lane) (local.get $orders))
    (f64.store offset=256 (local.get $lane) (local.get $rebalances))
    (f64.store offset=272 (local.get $lane) (local.get $liquidations))
    (f64.store offset=288 (local.get $lane) (local.get $fees))
    (f64.store offset=304 (local.get $lane) (local.get $slippage))
    (f64.store offset=320 (local.get $lane) (f64.convert_i32_u (local.get $ruined)))
    (f64.store offset=336 (local.get $lane) (f64.convert_i32_u (local.get $nonFinite)))
    (local.get $row))

  ;; simulate-headline.ts cannotLiquidate and targetHeld, with no order pending: stretch $k (first bar
  ;; $t) is proved quiet for the variant in lane block $lane.
  (func $provedQuiet (param $plan i32) (param $lane i32) (param $k i32) (param $t i32) (result i32)
    (local $q f64) (local $cash f64) (local $mmr f64) (local $scale f64) (local $worstCash f64) (local $at i32) (local $target f64)
    (if (f64.ne (f64.load offset=32 (local.get $lane)) (f64.const 0)) (then (return (i32.const 0))))
    (local.set $target (call $cappedTarget (local.get $lane) (i32.load8_s (i32.add (i32.load offset=32 (local.get $plan)) (local.get $t)))))
    (if (f64.gt (f64.abs (f64.sub (local.get $target) (f64.load offset=48 (local.get $lane)))) (f64.const 1e-12)) (then (return (i32.const 0))))
    (local.set $q (f64.load offset=16 (local.get $lane)))
    (if (f64.eq (local.get $q) (f64.const 0)) (then (return (i32.const 1))))
    (local.set $mmr (f64.load offset=592 (local.get $lane)))
    (if (i32.eqz (f64.lt (local.get $mmr) (f64.const 1))) (then (return (i32.const 0))))
    (local.set $cash (f64.load offset=0 (local.get $lane)))
    (local.set $at (i32.shl (local.get $k) (i32.const 3)))
    (local.set $scale (f64.add (f64.abs (local.get $cash))
      (f64.mul (f64.abs (local.get $q))
        (f64.add
          (f64.mul (f64.load (i32.add (i32.load offset=68 (local.get $plan)) (local.get $at))) (f64.add (f64.const 2) (local.get $mmr)))
          (f64.load (i32.add (i32.load offset=64 (local.get $plan)) (local.get $at)))))))
    (if (result i32) (f64.gt (local.get $q) (f64.const 0))
      (then
        (local.set $worstCash (f64.sub (local.get $cash)
          (f64.mul (f64.mul (local.get $q) (f64.load (i32.add (i32.load offset=72 (local.get $plan)) (local.get $at)))) (f64.const 1.000000001))))
        (f64.gt
          (f64.add (local.get $worstCash) (f64.mul (f64.mul (local.get $q) (f64.sub (f64.const 1) (local.get $mmr))) (f64.load (i32.add (i32.load offset=60 (local.get $plan)) (local.get $at)))))
          (f64.mul (f64.const 1e-9) (local.get $scale))))
      (else
        (local.set $worstCash (f64.add (local.get $cash)
          (f64.mul (f64.mul (local.get $q) (f64.load (i32.add (i32.load offset=76 (local.get $plan)) (local.get $at)))) (f64.const 1.000000001))))
        (f64.gt
          (f64.add (local.get $worstCash) (f64.mul (f64.mul (local.get $q) (f64.add (f64.const 1) (local.get $mmr))) (f64.load (i32.add (i32.load offset=64 (local.get $plan)) (local.get $at)))))
          (f64.mul (f64.const 1e-9) (local.get $scale))))))

  ;; Bars [t0, last] of a quiet stretch for both lanes at once (runQuietStretch's statements), on
  ;; the pair block at $lanes. Where a statement is written otherwise than in the scalar bar, it is
  ;; the same number on every value the bar can see: a lane without a position pays funding +0, and
  ;; cash and the funding total are never −0 (no sum of theirs is), so adding it changes nothing; the
  ;; exposure is never −0, so |exposure| is the leverage; pmin(0, r)² is negativePartSquared(r) for
  ;; every finite r (a non-finite r makes the mean non-finite and the row null either way); pmin
  ;; (lowest, e) is "e < lowest ? e : lowest"; a lane is ruined when some e is not > 0, non-finite
  ;; when some e is +Infinity.
  (func $quietPair (param $plan i32) (param $lanes i32) (param $t0 i32) (param $last i32)
    (local $hasFunding i32) (local $colOpen i32) (local $colClose i32) (local $colRate i32) (local $ret i32) (local $t i32)
    (local $q v128) (local $held v128) (local $cash v128) (local $fundingTotal v128) (local $heldExposure v128) (local $heldLeverage v128)
    (local $previous v128) (local $sum v128) (local $comp v128) (local $downside v128) (local $peak v128) (local $lowest v128) (local $maxDrawdown v128)
    (local $allPositive v128) (local $anyInfinite v128) (local $rate f64) (local $f v128) (local $v v128) (local $e v128) (local $exposure v128) (local $positive v128)
    (local $r v128) (local $s v128) (local $d v128) (local $up v128) (local $depth v128)
    (local.set $hasFunding (i32.load offset=8 (local.get $plan)))
    (local.set $colOpen (i32.load offset=12 (local.get $plan)))
    (local.set $colClose (i32.load offset=24 (local.get $plan)))
    (local.set $colRate (i32.load offset=28 (local.get $plan)))
    (local.set $ret (i32.add (i32.load offset=44 (local.get $plan))
      (i32.shl (i32.sub (i32.sub (local.get $t0) (i32.load offset=0 (local.get $plan))) (i32.const 1)) (i32.const 4))))
    (local.set $cash (v128.load offset=0 (local.get $lanes)))
    (local.set $q (v128.load offset=16 (local.get $lanes)))
    (local.set $held (f64x2.ne (local.get $q) (f64x2.splat (f64.const 0))))
    (local.set $fundingTotal (v128.load offset=80 (local.get $lanes)))
    (local.set $heldExposure (v128.load offset=96 (local.get $lanes)))
    (local.set $heldLeverage (v128.load offset=112 (local.get $lanes)))
    (local.set $previous (v128.load offset=128 (local.get $lanes)))
    (local.set $sum (v128.load offset=144 (local.get $lanes)))
    (local.set $comp (v128.load offset=160 (local.get $lanes)))
    (local.set $downside (v128.load offset=176 (local.get $lanes)))
    (local.set $peak (v128.load offset=192 (local.get $lanes)))
    (local.set $lowest (v128.load offset=208 (local.get $lanes)))
    (local.set $maxDrawdown (v128.load offset=224 (local.get $lanes)))
    (local.set $allPositive (v128.const i64x2 -1 -1))
    (local.set $anyInfinite (v128.const i64x2 0 0))
    (local.set $t (local.get $t0))
    (loop $bar
      (if (local.get $hasFunding)
        (then
          (local.set $rate (f64.load (i32.add (local.get $colRate) (i32.shl (local.get $t) (i32.const 3)))))
          (if (f64.ne (local.get $rate) (f64.const 0))
            (then
              (local.set $f (v128.and (local.get $held)
                (f64x2.mul (f64x2.mul (local.get $q) (f64x2.splat (f64.load (i32.add (local.get $colOpen) (i32.shl (local.get $t) (i32.const 3)))))) (f64x2.splat (local.get $rate)))))
              (local.set $cash (f64x2.sub (local.get $cash) (local.get $f)))
              (local.set $fundingTotal (f64x2.add (local.get $fundingTotal) (local.get $f)))))))
      (local.set $v (f64x2.mul (local.get $q) (f64x2.splat (f64.load (i32.add (local.get $colClose) (i32.shl (local.get $t) (i32.const 3)))))))
      (local.set $e (f64x2.add (local.get $cash) (local.get $v)))
      (local.set $positive (f64x2.gt (local.get $e) (f64x2.splat (f64.const 0))))
      (local.set $exposure (v128.and (f64x2.div (f64x2.add (f64x2.splat (f64.const 0)) (local.get $v)) (local.get $e)) (local.get $positive)))
      (local.set $allPositive (v128.and (local.get $allPositive) (local.get $positive)))
      (local.set $anyInfinite (v128.or (local.get $anyInfinite) (f64x2.eq (local.get $e) (f64x2.splat (f64.const inf)))))
      (local.set $r (f64x2.sub (f64x2.div (local.get $e) (local.get $previous)) (f64x2.splat (f64.const 1))))
      (local.set $previous (local.get $e))
      (v128.store (local.get $ret) (local.get $r))
      (local.set $ret (i32.add (local.get $ret) (i32.const 16)))
      (local.set $s (f64x2.add (local.get $sum) (local.get $r)))
      (local.set $comp (f64x2.add (local.get $comp)
        (v128.bitselect
          (f64x2.add (f64x2.sub (local.get $sum) (local.get $s)) (local.get $r))
          (f64x2.add (f64x2.sub (local.get $r) (local.get $s)) (local.get $sum))
          (f64x2.ge (f64x2.abs (local.get $sum)) (f64x2.abs (local.get $r))))))
      (local.set $sum (local.get $s))
      (local.set $d (f64x2.pmin (f64x2.splat (f64.const 0)) (local.get $r)))
      (local.set $downside (f64x2.add (local.get $downside) (f64x2.mul (local.get $d) (local.get $d))))
      (local.set $up (f64x2.gt (local.get $e) (local.get $peak)))
      (if (v128.any_true (local.get $up))
        (then
          (local.set $depth (f64x2.neg (f64x2.sub (f64x2.div (local.get $lowest) (local.get $peak)) (f64x2.splat (f64.const 1)))))
          (local.set $maxDrawdown (v128.bitselect (local.get $depth) (local.get $maxDrawdown) (v128.and (local.get $up) (f64x2.gt (local.get $depth) (local.get $maxDrawdown)))))
          (local.set $peak (v128.bitselect (local.get $e) (local.get $peak) (local.get $up)))
          (local.set $lowest (v128.bitselect (local.get $e) (local.get $lowest) (local.get $up)))))
      (local.set $lowest (f64x2.pmin (local.get $lowest) (local.get $e)))
      (local.set $heldExposure (f64x2.add (local.get $heldExposure) (local.get $exposure)))
      (local.set $heldLeverage (f64x2.add (local.get $heldLeverage) (f64x2.abs (local.get $exposure))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $bar (i32.le_s (local.get $t) (local.get $last))))
    (v128.store offset=0 (local.get $lanes) (local.get $cash))
    (v128.store offset=80 (local.get $lanes) (local.get $fundingTotal))
    (v128.store offset=96 (local.get $lanes) (local.get $heldExposure))
    (v128.store offset=112 (local.get $lanes) (local.get $heldLeverage))
    (v128.store offset=128 (local.get $lanes) (local.get $previous))
    (v128.store offset=144 (local.get $lanes) (local.get $sum))
    (v128.store offset=160 (local.get $lanes) (local.get $comp))
    (v128.store offset=176 (local.get $lanes) (local.get $downside))
    (v128.store offset=192 (local.get $lanes) (local.get $peak))
    (v128.store offset=208 (local.get $lanes) (local.get $lowest))
    (v128.store offset=224 (local.get $lanes) (local.get $maxDrawdown))
    ;; ruined (320) and nonFinite (336) of each lane: 1 when flagged here, else as they were.
    (v128.store offset=320 (local.get $lanes)
      (v128.bitselect (f64x2.splat (f64.const 1)) (v128.load offset=320 (local.get $lanes)) (v128.not (local.get $allPositive))))
    (v128.store offset=336 (local.get $lanes)
      (v128.bitselect (f64x2.splat (f64.const 1)) (v128.load offset=336 (local.get $lanes)) (local.get $anyInfinite))))

  ;; Bars (d0, end] of the two variants in the pair block at $l0 (lane 0 there, lane 1 at $l0 + 8; the state after bar d0 already there).
  (func (export "run") (param $plan i32) (param $l0 i32)
    (local $l1 i32)
    (local $t i32) (local $k i32) (local $count i32) (local $first i32) (local $last i32) (local $s i32) (local $row i32) (local $end i32)
    (local.set $l1 (i32.add (local.get $l0) (i32.const 8)))
    (local.set $t (i32.add (i32.load offset=0 (local.get $plan)) (i32.const 1)))
    (local.set $end (i32.load offset=4 (local.get $plan)))
    (local.set $count (i32.load offset=48 (local.get $plan)))
    (local.set $first (i32.load offset=52 (local.get $plan)))
    (local.set $last (i32.load offset=56 (local.get $plan)))
    (local.set $row (i32.load offset=80 (local.get $plan)))
    (block $done
      (loop $stretch
        (br_if $done (i32.ge_s (local.get $k) (local.get $count)))
        (local.set $s (i32.load (i32.add (local.get $first) (i32.shl (local.get $k) (i32.const 2)))))
        ;; The other bars before the stretch, from their packed rows, one variant after the other.
        (if (i32.lt_s (local.get $t) (local.get $s))
          (then
            (drop (call $generalBars (local.get $plan) (local.get $l0) (i32.const 0) (local.get $t) (i32.sub (local.get $s) (i32.const 1)) (local.get $row) (i32.const 1)))
            (local.set $row (call $generalBars (local.get $plan) (local.get $l1) (i32.const 1) (local.get $t) (i32.sub (local.get $s) (i32.const 1)) (local.get $row) (i32.const 1)))))
        (local.set $t (i32.add (i32.load (i32.add (local.get $last) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 1)))
        (if (i32.and (call $provedQuiet (local.get $plan) (local.get $l0) (local.get $k) (local.get $s)) (call $provedQuiet (local.get $plan) (local.get $l1) (local.get $k) (local.get $s)))
          (then (call $quietPair (local.get $plan) (local.get $l0) (local.get $s) (i32.sub (local.get $t) (i32.const 1))))
          (else
            ;; Not proved for both: the general bar, which gives the quiet bar's numbers where it is quiet.
            (drop (call $generalBars (local.get $plan) (local.get $l0) (i32.const 0) (local.get $s) (i32.sub (local.get $t) (i32.const 1)) (i32.const 0) (i32.const 0)))
            (drop (call $generalBars (local.get $plan) (local.get $l1) (i32.const 1) (local.get $s) (i32.sub (local.get $t) (i32.const 1)) (i32.const 0) (i32.const 0)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $stretch)))
    (if (i32.le_s (local.get $t) (local.get $end))
      (then
        (drop (call $generalBars (local.get $plan) (local.get $l0) (i32.const 0) (local.get $t) (local.get $end) (local.get $row) (i32.const 1)))
        (drop (call $generalBars (local.get $plan) (local.get $l1) (i32.const 1) (local.get $t) (local.get $end) (local.get $row) (i32.const 1))))))

  ;; Pass 2 of both variances: Σ (r − mean)² and Σ (r − mean) in bar order, lane by lane, over the
  ;; $count return pairs at $ret; the two sums of each lane go to $out (ss0, ss1, c0, c1).
  (func (export "deviations") (param $ret i32) (param $count i32) (param $mean0 f64) (param $mean1 f64) (param $out i32)
    (local $mean v128) (local $ss v128) (local $c v128) (local $d v128) (local $stop i32)
    (local.set $mean (f64x2.replace_lane 1 (f64x2.splat (local.get $mean0)) (local.get $mean1)))
    (local.set $stop (i32.add (local.get $ret) (i32.shl (local.get $count) (i32.const 4))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ret) (local.get $stop)))
        (local.set $d (f64x2.sub (v128.load (local.get $ret)) (local.get $mean)))
        (local.set $ss (f64x2.add (local.get $ss) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $c (f64x2.add (local.get $c) (local.get $d)))
        (local.set $ret (i32.add (local.get $ret) (i32.const 16)))
        (br $next)))
    (v128.store offset=0 (local.get $out) (local.get $ss))
    (v128.store offset=16 (local.get $out) (local.get $c)))
)
`;
