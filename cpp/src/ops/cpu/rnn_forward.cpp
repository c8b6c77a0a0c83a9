// The recurrence of SimpleRNN / LSTM / GRU, forward (the RnnForwardFn slot;
// the math is documented in pydeep/ops/recurrent.h). Per step: one recurrent
// GEMM over the whole batch (two for GRU with reset_after=False), then the
// gate math row by row. The input projection (one GEMM over every time step)
// was done by the caller; every buffer was allocated by the op, so nothing is
// allocated here.
#include "ops/cpu/rnn_support.h"

namespace pydeep::ops::cpu {
namespace {

using namespace rnn;

struct Step {
  std::int64_t s, t;  // processing step and the time it reads
  const float* hp;    // h before the step (B, U)
  const float* hin;   // what the recurrent GEMM reads: hp, or hp * rec_mask
  float* hn;          // h after the step (B, U)
  float* pre;         // (B, G*U)
  float* act;         // (B, G*U)
  float* aux;         // (B, U)
};

// Writes out[b, slot] for this step: the new h, or for a masked step the
// previous output (zeros when zero_output_for_mask, and before any output).
void write_output(const RnnDesc& d, const RnnBuffers& buf, const Step& st, std::int64_t b,
                  bool keep) {
  const std::int64_t U = d.units, T = d.time;
  const std::int64_t K = buf.out.shape()[1];
  float* out = buf.out.data<float>() + b * K * U;
  float* dst = out + (d.return_sequences ? st.s : 0) * U;
  if (keep) {
    copy_floats(st.hn + b * U, dst, U);
  } else if (d.zero_output_for_mask) {
    zero_floats(dst, U);
  } else if (d.return_sequences) {
    if (st.s == 0) zero_floats(dst, U);
    else copy_floats(out + (st.s - 1) * U, dst, U);
  }  // else: slot 0 already holds the previous output
  (void)T;
}

void lstm_rows(const RnnDesc& d, const RnnBuffers& buf, const Step& st, const bool* mask) {
  const std::int64_t U = d.units, GU = 4 * U, B = d.batch;
  float* C = buf.c.data<float>();
  const float* cp_all = C + st.s * B * U;
  float* cn_all = C + (st.s + 1) * B * U;
  for_rows(B, GU, [&](std::int64_t b) {
    const float* p = st.pre + b * GU;
    float* a = st.act + b * GU;
    activate(d.recurrent_activation, p, a, 2 * U);  // i, f
    activate(d.activation, p + 2 * U, a + 2 * U, U);  // c candidate
    activate(d.recurrent_activation, p + 3 * U, a + 3 * U, U);  // o
    const float* cp = cp_all + b * U;
    float* cn = cn_all + b * U;
    float* tc = st.aux + b * U;
    float* hn = st.hn + b * U;
    const bool keep = unmasked(mask, b, st.t, d.time);
    if (keep) {
      const float *i = a, *f = a + U, *g = a + 2 * U;
#pragma omp simd
      for (std::int64_t j = 0; j < U; ++j) cn[j] = f[j] * cp[j] + i[j] * g[j];
      activate(d.activation, cn, tc, U);
      const float* o = a + 3 * U;
#pragma omp simd
      for (std::int64_t j = 0; j < U; ++j) hn[j] = o[j] * tc[j];
    } else {
      copy_floats(cp, cn, U);
      copy_floats(st.hp + b * U, hn, U);
    }
    write_output(d, buf, st, b, keep);
  });
}

void simple_rows(const RnnDesc& d, const RnnBuffers& buf, const Step& st, const bool* mask) {
  const std::int64_t U = d.units;
  for_rows(d.batch, U, [&](std::int64_t b) {
    const bool keep = unmasked(mask, b, st.t, d.time);
    activate(d.activation, st.pre + b * U, st.act + b * U, U);
    copy_floats(keep ? st.act + b * U : st.hp + b * U, st.hn + b * U, U);
    write_output(d, buf, st, b, keep);
  });
}

// z, r from their pre-activations; the caller has filled pre's z and r parts.
void gru_gates_zr(const RnnDesc& d, const Step& st, std::int64_t b) {
  const std::int64_t U = d.units, GU = 3 * U;
  activate(d.recurrent_activation, st.pre + b * GU, st.act + b * GU, 2 * U);
}

// h = z * hp + (1 - z) * hh, once pre's h part is filled.
void gru_finish_row(const RnnDesc& d, const RnnBuffers& buf, const Step& st, const bool* mask,
                    std::int64_t b) {
  const std::int64_t U = d.units, GU = 3 * U;
  float* a = st.act + b * GU;
  activate(d.activation, st.pre + b * GU + 2 * U, a + 2 * U, U);
  const bool keep = unmasked(mask, b, st.t, d.time);
  const float* hp = st.hp + b * U;
  float* hn = st.hn + b * U;
  if (keep) {
    const float *z = a, *hh = a + 2 * U;
#pragma omp simd
    for (std::int64_t j = 0; j < U; ++j) hn[j] = z[j] * hp[j] + (1.f - z[j]) * hh[j];
  } else {
    copy_floats(hp, hn, U);
  }
  write_output(d, buf, st, b, keep);
}

}  // namespace

void rnn_forward(const RnnDesc& d, RnnBuffers& buf) {
  const GemmFn gemm = select_gemm();
  const std::int64_t B = d.batch, T = d.time, U = d.units, GU = d.gates * U;
  const std::int64_t K = buf.out.shape()[1];
  float* H = buf.h.data<float>();
  copy_floats(buf.h0.data<float>(), H, B * U);
  if (d.cell == RnnCell::Lstm) copy_floats(buf.c0.data<float>(), buf.c.data<float>(), B * U);
  if (!d.return_sequences)
    for (std::int64_t b = 0; b < B; ++b) zero_floats(buf.out.data<float>() + b * K * U, U);
  const float* zx = buf.zx.data<float>();
  const float* R = buf.recurrent_kernel.data<float>();
  const bool* mask = buf.mask.defined() ? buf.mask.data<bool>() : nullptr;
  const float* rm = buf.rec_mask.defined() ? buf.rec_mask.data<float>() : nullptr;
  const float* rbias = buf.recurrent_bias.defined() ? buf.recurrent_bias.data<float>() : nullptr;
  float* scratch = buf.scratch.data<float>();
  const float* R_zr = nullptr;
  const float* R_h = nullptr;
  if (d.cell == RnnCell::GruResetBefore) {
    // Contiguous copies of the kernel's [z r] and h column blocks (GEMM operands).
    float* parts = buf.kernel_parts.data<float>();
    for (std::int64_t i = 0; i < U; ++i) {
      copy_floats(R + i * GU, parts + i * 2 * U, 2 * U);
      copy_floats(R + i * GU + 2 * U, parts + U * 2 * U + i * U, U);
    }
    R_zr = parts;
    R_h = parts + U * 2 * U;
  }
  float* aux = buf.aux.defined() ? buf.aux.data<float>() : nullptr;
  float* hd = buf.hd.defined() ? buf.hd.data<float>() : nullptr;

  for (std::int64_t s = 0; s < T; ++s) {
    Step st;
    st.s = s;
    st.t = d.go_backwards ? T - 1 - s : s;
    st.hp = H + s * B * U;
    st.hn = H + (s + 1) * B * U;
    st.pre = buf.pre.data<float>() + s * B * GU;
    st.act = buf.act.data<float>() + s * B * GU;
    st.aux = aux ? aux + s * B * U : nullptr;
    st.hin = st.hp;
    if (rm) {
      float* hds = hd + s * B * U;
#pragma omp simd
      for (std::int64_t j = 0; j < B * U; ++j) hds[j] = st.hp[j] * rm[j];
      st.hin = hds;
    }
    // The step's rows of the input projection (row b of zx at time t).
    auto zx_row = [&](std::int64_t b) { return zx + (b * T + st.t) * GU; };
    switch (d.cell) {
      case RnnCell::Simple:
      case RnnCell::Lstm:
        for (std::int64_t b = 0; b < B; ++b) copy_floats(zx_row(b), st.pre + b * GU, GU);
        gemm(false, false, 1, B, GU, U, st.hin, 0, R, 0, 1.f, st.pre, 0);
        if (d.cell == RnnCell::Lstm) lstm_rows(d, buf, st, mask);
        else simple_rows(d, buf, st, mask);
        break;
      case RnnCell::GruResetAfter:
        gemm(false, false, 1, B, GU, U, st.hin, 0, R, 0, 0.f, scratch, 0);
        for_rows(B, GU, [&](std::int64_t b) {
          float* m = scratch + b * GU;
          if (rbias)
            for (std::int64_t j = 0; j < GU; ++j) m[j] += rbias[j];
          const float* x = zx_row(b);
          float* p = st.pre + b * GU;
          for (std::int64_t j = 0; j < 2 * U; ++j) p[j] = x[j] + m[j];
          gru_gates_zr(d, st, b);
          const float* r = st.act + b * GU + U;
          float* mh = st.aux + b * U;
          copy_floats(m + 2 * U, mh, U);
#pragma omp simd
          for (std::int64_t j = 0; j < U; ++j) p[2 * U + j] = x[2 * U + j] + r[j] * mh[j];
          gru_finish_row(d, buf, st, mask, b);
        });
        break;
      case RnnCell::GruResetBefore:
        gemm(false, false, 1, B, 2 * U, U, st.hin, 0, R_zr, 0, 0.f, scratch, 0);
        for_rows(B, GU, [&](std::int64_t b) {
          const float* x = zx_row(b);
          const float* m = scratch + b * 2 * U;
          float* p = st.pre + b * GU;
          for (std::int64_t j = 0; j < 2 * U; ++j) p[j] = x[j] + m[j];
          gru_gates_zr(d, st, b);
          const float* r = st.act + b * GU + U;
          const float* hin = st.hin + b * U;
          float* rh = st.aux + b * U;
#pragma omp simd
          for (std::int64_t j = 0; j < U; ++j) rh[j] = r[j] * hin[j];
        });
        gemm(false, false, 1, B, U, U, st.aux, 0, R_h, 0, 0.f, scratch, 0);
        for_rows(B, GU, [&](std::int64_t b) {
          const float* x = zx_row(b) + 2 * U;
          const float* m = scratch + b * U;
          float* p = st.pre + b * GU + 2 * U;
#pragma omp simd
          for (std::int64_t j = 0; j < U; ++j) p[j] = x[j] + m[j];
          gru_finish_row(d, buf, st, mask, b);
        });
        break;
    }
  }
  // The final states after the outputs.
  if (d.state_outputs > 0) {
    const std::int64_t first = d.return_sequences ? T : 1;
    float* out = buf.out.data<float>();
    for (std::int64_t b = 0; b < B; ++b) {
      copy_floats(H + T * B * U + b * U, out + (b * K + first) * U, U);
      if (d.state_outputs > 1)
        copy_floats(buf.c.data<float>() + T * B * U + b * U, out + (b * K + first + 1) * U, U);
    }
  }
}

}  // namespace pydeep::ops::cpu
