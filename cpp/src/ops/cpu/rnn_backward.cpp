// The recurrence's backward pass (BPTT; the RnnBackwardFn slot). Steps run
// in reverse; per step the gate math is row by row and the gradient into the
// previous state is one GEMM over the batch (two for GRU with
// reset_after=False). The gradients at the recurrent GEMM's output are kept
// for every step (dm), so the recurrent kernel's gradient is one large GEMM
// at the end, h^T (U x T*B) times dm (T*B x G*U), instead of T small ones.
#include "ops/cpu/rnn_support.h"

namespace pydeep::ops::cpu {
namespace {

using namespace rnn;

struct BackStep {
  std::int64_t s, t;
  const float* hp;   // h before the step
  const float* hin;  // what the recurrent GEMM read
  const float* pre;
  const float* act;
  const float* aux;
  float* dm;  // (B, G*U) this step's rows of dm
};

// The gradient reaching the output of step s: its own slot of dout plus what
// later masked steps passed back (they copied this output forward).
// Adds it to dh for unmasked rows and routes it on for masked ones.
void take_output_grad(const RnnDesc& d, const Tensor& dout, const bool* mask, std::int64_t s,
                      std::int64_t t, float* dh, float* carry) {
  const std::int64_t U = d.units, T = d.time, B = d.batch;
  const std::int64_t K = dout.shape()[1];
  const float* g = dout.data<float>();
  const bool has_slot = d.return_sequences || s == T - 1;
  const std::int64_t slot = d.return_sequences ? s : 0;
  for (std::int64_t b = 0; b < B; ++b) {
    float* cb = carry + b * U;
    if (has_slot) {
      const float* gb = g + (b * K + slot) * U;
      for (std::int64_t j = 0; j < U; ++j) cb[j] += gb[j];
    }
    if (unmasked(mask, b, t, T)) {
      float* hb = dh + b * U;
      for (std::int64_t j = 0; j < U; ++j) hb[j] += cb[j];
      zero_floats(cb, U);
    } else if (d.zero_output_for_mask) {
      zero_floats(cb, U);
    }
  }
}

// dh_prev = (dm_part @ Rpart^T) [+ extra] masked by rec_mask, plus `direct`
// (the path that bypasses the GEMM), and dh itself for masked rows.
void finish_dh_prev(const RnnDesc& d, const float* rm, const bool* mask, std::int64_t t,
                    const float* dh, const float* extra, const float* direct, float* dh_prev) {
  const std::int64_t U = d.units;
  for_rows(d.batch, U, [&](std::int64_t b) {
    float* o = dh_prev + b * U;
    if (!unmasked(mask, b, t, d.time)) {
      copy_floats(dh + b * U, o, U);
      return;
    }
    if (extra)
      for (std::int64_t j = 0; j < U; ++j) o[j] += extra[b * U + j];
    if (rm)
      for (std::int64_t j = 0; j < U; ++j) o[j] *= rm[b * U + j];
    if (direct)
      for (std::int64_t j = 0; j < U; ++j) o[j] += direct[b * U + j];
  });
}

}  // namespace

void rnn_backward(const RnnDesc& d, const RnnBuffers& buf, const Tensor& dout, RnnGrads& g) {
  const GemmFn gemm = select_gemm();
  const std::int64_t B = d.batch, T = d.time, U = d.units, G = d.gates, GU = G * U;
  const bool* mask = buf.mask.defined() ? buf.mask.data<bool>() : nullptr;
  const float* rm = buf.rec_mask.defined() ? buf.rec_mask.data<float>() : nullptr;
  const float* R = buf.recurrent_kernel.data<float>();
  const float* H = buf.h.data<float>();
  const float* C = d.cell == RnnCell::Lstm ? buf.c.data<float>() : nullptr;
  const float* HD = buf.hd.defined() ? buf.hd.data<float>() : nullptr;
  const float* parts = buf.kernel_parts.defined() ? buf.kernel_parts.data<float>() : nullptr;
  float* dzx = g.dzx.data<float>();
  float* dm_all = g.dm.data<float>();
  float* dh = g.dh.data<float>();
  float* dc = g.dc.data<float>();
  float* dh_prev = g.dh_prev.data<float>();
  float* dc_prev = g.dc_prev.data<float>();
  float* carry = g.dout_carry.data<float>();
  const std::int64_t K = dout.shape()[1];

  // The final-state slots seed dh (and dc).
  zero_floats(dh, B * U);
  zero_floats(dc, B * U);
  zero_floats(carry, B * U);
  if (d.state_outputs > 0) {
    const std::int64_t first = d.return_sequences ? T : 1;
    const float* go = dout.data<float>();
    for (std::int64_t b = 0; b < B; ++b) {
      copy_floats(go + (b * K + first) * U, dh + b * U, U);
      if (d.state_outputs > 1) copy_floats(go + (b * K + first + 1) * U, dc + b * U, U);
    }
  }

  for (std::int64_t s = T - 1; s >= 0; --s) {
    BackStep st;
    st.s = s;
    st.t = d.go_backwards ? T - 1 - s : s;
    st.hp = H + s * B * U;
    st.hin = HD ? HD + s * B * U : st.hp;
    st.pre = buf.pre.data<float>() + s * B * GU;
    st.act = buf.act.data<float>() + s * B * GU;
    st.aux = buf.aux.defined() ? buf.aux.data<float>() + s * B * U : nullptr;
    take_output_grad(d, dout, mask, s, st.t, dh, carry);
    auto dzx_row = [&](std::int64_t b) { return dzx + (b * T + st.t) * GU; };

    switch (d.cell) {
      case RnnCell::Simple: {
        st.dm = dm_all + s * B * GU;
        for_rows(B, U, [&](std::int64_t b) {
          float* dmb = st.dm + b * U;
          if (!unmasked(mask, b, st.t, T)) {
            zero_floats(dmb, U);
          } else {
            activate_grad(d.activation, st.pre + b * U, st.act + b * U, dh + b * U, dmb, U);
          }
          copy_floats(dmb, dzx_row(b), U);
        });
        gemm(false, true, 1, B, U, GU, st.dm, 0, R, 0, 0.f, dh_prev, 0);
        finish_dh_prev(d, rm, mask, st.t, dh, nullptr, nullptr, dh_prev);
        break;
      }
      case RnnCell::Lstm: {
        st.dm = dm_all + s * B * GU;
        const float* cp_all = C + s * B * U;
        const float* cn_all = C + (s + 1) * B * U;
        for_rows(B, GU, [&](std::int64_t b) {
          float* dp = st.dm + b * GU;
          float* dcp = dc_prev + b * U;
          if (!unmasked(mask, b, st.t, T)) {
            zero_floats(dp, GU);
            copy_floats(dc + b * U, dcp, U);
            copy_floats(dp, dzx_row(b), GU);
            return;
          }
          const float* p = st.pre + b * GU;
          const float* a = st.act + b * GU;
          const float *i = a, *f = a + U, *gg = a + 2 * U, *o = a + 3 * U;
          const float* tc = st.aux + b * U;
          const float* cp = cp_all + b * U;
          const float* cn = cn_all + b * U;
          const float* dhb = dh + b * U;
          const float* dcb = dc + b * U;
          // dc_total = dc + dh * o * act'(c)
          for (std::int64_t j = 0; j < U; ++j) dcp[j] = dhb[j] * o[j];
          activate_grad(d.activation, cn, tc, dcp, dcp, U);
          for (std::int64_t j = 0; j < U; ++j) dcp[j] += dcb[j];
          for (std::int64_t j = 0; j < U; ++j) {
            dp[j] = dcp[j] * gg[j];              // d i
            dp[U + j] = dcp[j] * cp[j];          // d f
            dp[2 * U + j] = dcp[j] * i[j];       // d candidate
            dp[3 * U + j] = dhb[j] * tc[j];      // d o
            dcp[j] *= f[j];                      // dc into the previous step
          }
          activate_grad(d.recurrent_activation, p, i, dp, dp, 2 * U);
          activate_grad(d.activation, p + 2 * U, gg, dp + 2 * U, dp + 2 * U, U);
          activate_grad(d.recurrent_activation, p + 3 * U, o, dp + 3 * U, dp + 3 * U, U);
          copy_floats(dp, dzx_row(b), GU);
        });
        gemm(false, true, 1, B, U, GU, st.dm, 0, R, 0, 0.f, dh_prev, 0);
        finish_dh_prev(d, rm, mask, st.t, dh, nullptr, nullptr, dh_prev);
        std::swap(dc, dc_prev);
        break;
      }
      case RnnCell::GruResetAfter: {
        st.dm = dm_all + s * B * GU;
        float* direct = dc;  // dc is unused by GRU: dh * z, the path around the GEMM
        for_rows(B, GU, [&](std::int64_t b) {
          float* dmb = st.dm + b * GU;
          float* dx = dzx_row(b);
          if (!unmasked(mask, b, st.t, T)) {
            zero_floats(dmb, GU);
            zero_floats(dx, GU);
            return;
          }
          const float* p = st.pre + b * GU;
          const float* a = st.act + b * GU;
          const float *z = a, *r = a + U, *hh = a + 2 * U;
          const float* mh = st.aux + b * U;
          const float* hp = st.hp + b * U;
          const float* dhb = dh + b * U;
          float* dir = direct + b * U;
          for (std::int64_t j = 0; j < U; ++j) {
            dx[j] = dhb[j] * (hp[j] - hh[j]);         // d z
            dx[2 * U + j] = dhb[j] * (1.f - z[j]);    // d hh
            dir[j] = dhb[j] * z[j];
          }
          activate_grad(d.activation, p + 2 * U, hh, dx + 2 * U, dx + 2 * U, U);
          for (std::int64_t j = 0; j < U; ++j) {
            dx[U + j] = dx[2 * U + j] * mh[j];        // d r
            dmb[2 * U + j] = dx[2 * U + j] * r[j];
          }
          activate_grad(d.recurrent_activation, p, a, dx, dx, 2 * U);
          copy_floats(dx, dmb, 2 * U);
        });
        gemm(false, true, 1, B, U, GU, st.dm, 0, R, 0, 0.f, dh_prev, 0);
        finish_dh_prev(d, rm, mask, st.t, dh, nullptr, direct, dh_prev);
        break;
      }
      case RnnCell::GruResetBefore: {
        // dm is split: [z r] parts (T, B, 2U), then h parts (T, B, U).
        float* dm_zr = dm_all + s * B * 2 * U;
        float* dm_h = dm_all + T * B * 2 * U + s * B * U;
        float* direct = dc;
        float* drh = dc_prev;
        for_rows(B, GU, [&](std::int64_t b) {
          float* dx = dzx_row(b);
          float* dzr = dm_zr + b * 2 * U;
          float* dh_h = dm_h + b * U;
          if (!unmasked(mask, b, st.t, T)) {
            zero_floats(dx, GU);
            zero_floats(dzr, 2 * U);
            zero_floats(dh_h, U);
            return;
          }
          const float* p = st.pre + b * GU;
          const float* a = st.act + b * GU;
          const float *z = a, *hh = a + 2 * U;
          const float* hp = st.hp + b * U;
          const float* dhb = dh + b * U;
          float* dir = direct + b * U;
          for (std::int64_t j = 0; j < U; ++j) {
            dzr[j] = dhb[j] * (hp[j] - hh[j]);
            dh_h[j] = dhb[j] * (1.f - z[j]);
            dir[j] = dhb[j] * z[j];
          }
          activate_grad(d.activation, p + 2 * U, hh, dh_h, dh_h, U);
          copy_floats(dh_h, dx + 2 * U, U);
        });
        // d(r * hd) = dm_h @ R_h^T
        gemm(false, true, 1, B, U, U, dm_h, 0, parts + U * 2 * U, 0, 0.f, drh, 0);
        for_rows(B, GU, [&](std::int64_t b) {
          if (!unmasked(mask, b, st.t, T)) return;
          const float* p = st.pre + b * GU;
          const float* a = st.act + b * GU;
          const float* r = a + U;
          const float* hin = st.hin + b * U;
          float* dzr = dm_zr + b * 2 * U;
          float* d_rh = drh + b * U;
          for (std::int64_t j = 0; j < U; ++j) {
            dzr[U + j] = d_rh[j] * hin[j];  // d r
            d_rh[j] *= r[j];                // into hd
          }
          activate_grad(d.recurrent_activation, p, a, dzr, dzr, 2 * U);
          copy_floats(dzr, dzx_row(b), 2 * U);
        });
        gemm(false, true, 1, B, U, 2 * U, dm_zr, 0, parts, 0, 0.f, dh_prev, 0);
        finish_dh_prev(d, rm, mask, st.t, dh, drh, direct, dh_prev);
        break;
      }
    }
    std::swap(dh, dh_prev);
  }

  copy_floats(dh, g.dh0.data<float>(), B * U);
  if (g.dc0.defined()) copy_floats(dc, g.dc0.data<float>(), B * U);

  // Weight gradients: one GEMM over all steps (what the recurrent GEMMs read).
  const float* hin_all = HD ? HD : H;
  float* dR = g.drecurrent_kernel.data<float>();
  if (d.cell == RnnCell::GruResetBefore) {
    float* dparts = g.dparts.data<float>();
    gemm(true, false, 1, U, 2 * U, T * B, hin_all, 0, dm_all, 0, 0.f, dparts, 0);
    gemm(true, false, 1, U, U, T * B, buf.aux.data<float>(), 0, dm_all + T * B * 2 * U, 0, 0.f,
         dparts + U * 2 * U, 0);
    for (std::int64_t i = 0; i < U; ++i) {
      copy_floats(dparts + i * 2 * U, dR + i * GU, 2 * U);
      copy_floats(dparts + U * 2 * U + i * U, dR + i * GU + 2 * U, U);
    }
  } else {
    gemm(true, false, 1, U, GU, T * B, hin_all, 0, dm_all, 0, 0.f, dR, 0);
  }
  if (g.drecurrent_bias.defined()) {
    float* db = g.drecurrent_bias.data<float>();
    zero_floats(db, GU);
    for (std::int64_t r = 0; r < T * B; ++r) {
      const float* row = dm_all + r * GU;
      for (std::int64_t j = 0; j < GU; ++j) db[j] += row[j];
    }
  }
}

}  // namespace pydeep::ops::cpu
