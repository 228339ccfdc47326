#pragma once
// Branch-free float32 vector math for the CPU hot loops (the fused softmax metrics of core/analysis
// and the attention softmax of core/model). Internal to core.
//
// Kernels are templates over the lane count W and use GCC vector extensions of the machine's native
// width: a vector wider than the hardware's gets its comparisons expanded lane by lane, ten times
// slower. CARTOGRAPH_SIMD_KERNEL compiles a kernel for AVX-512 (W = 16), AVX2+FMA (W = 8) and
// baseline x86-64 (W = 4) and picks one per process from the CPU; a build that already targets AVX2
// or better (-march=native) compiles one native copy instead. Lane counts differ between machines,
// so sums may differ in the last bits between them, never within one machine.
// Every helper is always_inline, so no vector crosses a call and no clone's ABI depends on its ISA;
// GCC still notes that ABI question, which is why kernel files are compiled with -Wno-psabi.
// In the AVX-512 copy, which GCC 12 compiles under a target attribute, some comparisons are expanded
// lane by lane as well, where the same source compiled with -march=x86-64-v4 uses mask registers: two
// joined by || or |, and an integer comparison made into a select's mask (measured: the fused
// attention kernel 1.7x slower for it). A select on one float comparison (a > b ? x : y) compiles to
// vector instructions; lane masks are therefore loaded (lanes_below) and applied bitwise (keep).
// tests/unit/simd_lowering_test.cpp reads the kernels' machine code for scalar comparisons.
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace core::simd {

// lanes_below's source: a W-lane load at kLanesBelow + kMaxLanes - n is all ones below lane n.
inline constexpr int kMaxLanes = 16;
alignas(64) inline constexpr std::int32_t kLanesBelow[2 * kMaxLanes] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                                                        -1, -1, -1, -1, -1, -1, -1, -1};
// greater_bits' weights: lane i of a load holds 2^i.
alignas(64) inline constexpr std::int32_t kLaneBits[kMaxLanes] = {1,    2,    4,    8,     16,    32,
                                                                  64,   128,  256,  512,   1024,  2048,
                                                                  4096, 8192, 16384, 32768};

// Flushes subnormal floats to zero (x86 MXCSR FTZ and DAZ) in this thread while alive. The kernels
// never need numbers below 1e-38, and on many CPUs each subnormal result costs a hundred cycles.
// Writing MXCSR stalls the pipeline, so a guard inside one already flushing writes nothing: a kernel
// called per row keeps its own guard, and its caller's loop holds one around all the rows (measured:
// the two writes per call were a twentieth of the fused attention kernel's samples).
class FlushSubnormals {
 public:
#if defined(__x86_64__) || defined(__i386__)
  FlushSubnormals() : saved_(_mm_getcsr()) {
    if ((saved_ & kBits) != kBits) _mm_setcsr(saved_ | kBits);
  }
  ~FlushSubnormals() {
    if ((saved_ & kBits) != kBits) _mm_setcsr(saved_);
  }

 private:
  static constexpr unsigned kBits = 0x8040u;  // FTZ | DAZ
  unsigned saved_;
#endif
  FlushSubnormals(const FlushSubnormals&) = delete;
  FlushSubnormals& operator=(const FlushSubnormals&) = delete;
};

#define CARTOGRAPH_SIMD_INLINE inline __attribute__((always_inline))

// The vector types of W lanes (GCC applies a dependent vector_size only outside the class using it).
template <int W>
struct VectorTypes {
  typedef float vf __attribute__((vector_size(4 * W)));
  typedef std::int32_t vi __attribute__((vector_size(4 * W)));
  typedef float half __attribute__((vector_size(2 * W)));
  typedef double vd __attribute__((vector_size(4 * W)));  // W / 2 doubles: one native register
};

template <int W>
struct Lanes {
  static constexpr int kWidth = W;
  using vf = typename VectorTypes<W>::vf;
  using vi = typename VectorTypes<W>::vi;
  using half = typename VectorTypes<W>::half;
  using vd = typename VectorTypes<W>::vd;

  static CARTOGRAPH_SIMD_INLINE vf splat(float x) { return vf{} + x; }
  static CARTOGRAPH_SIMD_INLINE vi splat_i(std::int32_t x) { return vi{} + x; }
  static CARTOGRAPH_SIMD_INLINE vf zero() { return vf{}; }

  static CARTOGRAPH_SIMD_INLINE vf load(const float* p) {
    vf v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static CARTOGRAPH_SIMD_INLINE void store(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
  // The first `n` (< W) floats of `p`; the other lanes hold `fill`.
  static CARTOGRAPH_SIMD_INLINE vf load_partial(const float* p, std::int64_t n, float fill) {
    vf v = splat(fill);
    for (std::int64_t i = 0; i < n; ++i) v[i] = p[i];
    return v;
  }
  static CARTOGRAPH_SIMD_INLINE void store_partial(float* p, vf v, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) p[i] = v[i];
  }
  // All ones in the lanes below `n` (0 <= n <= W), zero above: a mask for keep().
  static CARTOGRAPH_SIMD_INLINE vi lanes_below(std::int64_t n) {
    static_assert(W <= kMaxLanes);
    vi mask;
    std::memcpy(&mask, kLanesBelow + kMaxLanes - n, sizeof mask);
    return mask;
  }
  // x in the lanes where `mask` is all ones, +0 where it is zero (bitwise: no comparison).
  static CARTOGRAPH_SIMD_INLINE vf keep(vi mask, vf x) { return (vf)((vi)x & mask); }

  static CARTOGRAPH_SIMD_INLINE vf max(vf a, vf b) { return a > b ? a : b; }
  static CARTOGRAPH_SIMD_INLINE float hmax(vf v) {
    float m = v[0];
    for (int i = 1; i < W; ++i) m = v[i] > m ? v[i] : m;
    return m;
  }
  // The low and high halves of v, for the tree reductions below.
  template <int H = W / 2>
  static CARTOGRAPH_SIMD_INLINE void halves(vf v, typename Lanes<H>::vf& lo, typename Lanes<H>::vf& hi) {
    std::memcpy(&lo, &v, sizeof lo);
    std::memcpy(&hi, reinterpret_cast<const char*>(&v) + sizeof lo, sizeof hi);
  }
  // The same maximum for lanes without NaN, in a tree of log2 W vector steps.
  static CARTOGRAPH_SIMD_INLINE float hmax_tree(vf v) {
    if constexpr (W <= 2) {
      return W == 1 || v[0] > v[1] ? v[0] : v[1];
    } else {
      typename Lanes<W / 2>::vf lo, hi;
      halves(v, lo, hi);
      return Lanes<W / 2>::hmax_tree(Lanes<W / 2>::max(lo, hi));
    }
  }
  static CARTOGRAPH_SIMD_INLINE float hsum(vf v) {
    float s = 0;
    for (int i = 0; i < W; ++i) s += v[i];
    return s;
  }
  // The lanes' sum as a tree of vector additions, halving the width each step (log2 W steps instead of
  // W - 1 scalar additions); rounds differently from hsum in the last bits.
  static CARTOGRAPH_SIMD_INLINE float hsum_tree(vf v) {
    if constexpr (W <= 2) {
      return W == 1 ? v[0] : v[0] + v[1];
    } else {
      typename Lanes<W / 2>::vf lo, hi;
      halves(v, lo, hi);
      return Lanes<W / 2>::hsum_tree(lo + hi);
    }
  }
  static CARTOGRAPH_SIMD_INLINE std::int64_t hsum(vi v) {
    std::int64_t s = 0;
    for (int i = 0; i < W; ++i) s += v[i];
    return s;
  }
  // The lanes' bitwise or, in log2 W vector steps.
  static CARTOGRAPH_SIMD_INLINE std::int32_t hor_tree(vi v) {
    if constexpr (W <= 2) {
      return W == 1 ? v[0] : v[0] | v[1];
    } else {
      typename Lanes<W / 2>::vi lo, hi;
      std::memcpy(&lo, &v, sizeof lo);
      std::memcpy(&hi, reinterpret_cast<const char*>(&v) + sizeof lo, sizeof hi);
      return Lanes<W / 2>::hor_tree(lo | hi);
    }
  }
  // Bit i set where a[i] > b[i] (never where either is NaN): one float comparison selecting each
  // lane's weight 2^i, or-ed across the lanes. For a scalar loop over the few lanes that pass.
  static CARTOGRAPH_SIMD_INLINE std::uint32_t greater_bits(vf a, vf b) {
    static_assert(W <= kMaxLanes);
    vi weights;
    std::memcpy(&weights, kLaneBits, sizeof weights);
    return std::uint32_t(hor_tree(a > b ? weights : vi{}));
  }

  // A double accumulator per lane, fed with float partial sums so that rounding does not grow with
  // the length of a row.
  struct Sum {
    vd lo{}, hi{};
    CARTOGRAPH_SIMD_INLINE void add(vf v) {
      half a, b;
      std::memcpy(&a, &v, sizeof a);
      std::memcpy(&b, reinterpret_cast<const char*>(&v) + sizeof a, sizeof b);
      lo += __builtin_convertvector(a, vd);
      hi += __builtin_convertvector(b, vd);
    }
    CARTOGRAPH_SIMD_INLINE double total() const {
      double s = 0;
      for (int i = 0; i < W / 2; ++i) s += lo[i];
      for (int i = 0; i < W / 2; ++i) s += hi[i];
      return s;
    }
  };

  // e^x per lane, within 2 ulp for x in [-86.5, 88]; exactly 0 below -86.5, where e^x < 3e-38 is
  // negligible against any softmax normaliser (>= 1) and would need subnormal arithmetic. Cephes:
  // x = n ln2 + r with |r| <= ln2 / 2, e^r = 1 + r + r^2 P(r), 2^n added to the exponent bits.
  // NaN in, unspecified out.
  static CARTOGRAPH_SIMD_INLINE vf exp(vf x) {
    const vi tiny = x < splat(-86.5f);
    x = tiny ? splat(-86.5f) : x;
    x = x > splat(88.0f) ? splat(88.0f) : x;
    const vf magic = splat(12582912.0f);  // 1.5 * 2^23: adding it rounds to an integer in the low bits
    const vf t = x * splat(1.44269504088896341f) + magic;
    const vf n = t - magic;
    vf r = x - n * splat(0.693359375f);
    r = r - n * splat(-2.12194440e-4f);
    vf p = splat(1.9875691500e-4f);
    p = p * r + splat(1.3981999507e-3f);
    p = p * r + splat(8.3334519073e-3f);
    p = p * r + splat(4.1665795894e-2f);
    p = p * r + splat(1.6666665459e-1f);
    p = p * r + splat(5.0000001201e-1f);
    p = p * (r * r) + r + splat(1.0f);
    const vi n_bits = ((vi)t - (vi)magic) << 23;
    const vf y = (vf)((vi)p + n_bits);
    return tiny ? zero() : y;
  }

  // 2^x per lane for x < 128, as a softmax needs it once its largest score is subtracted (x <= 0, or
  // a rounding above): exactly 0 below -126 (-inf included), where 2^x < 1.2e-38 is negligible
  // against the normaliser (>= 1) and would need subnormal arithmetic; within 2 ulp above. Fewer
  // steps than exp: no upper clamp, and a caller folds log2 e into the scale it multiplies by anyway,
  // so there is no ln 2 to split off. Cephes' exp2f: x = n + f with |f| <= 1/2, 2^f by a degree-6
  // polynomial, 2^n added to the exponent bits. NaN in, unspecified out.
  static CARTOGRAPH_SIMD_INLINE vf exp2(vf x) {
    const vi tiny = x < splat(-126.0f);
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    if constexpr (W == 16) {
      // AVX-512 (16 lanes run only in the x86-64-v4 kernels): the nearest integer n by vrndscaleps and
      // 2^f 2^n by vscalefps, two instructions where the form below takes four (the rounding constant
      // added and taken away; 2^n shifted into the exponent bits and added). The same n, f and 2^f, so
      // the same float wherever 2^x is normal; -inf gives NaN there, which `tiny` zeroes as below.
      // Written as assembly: the helpers are compiled for the baseline before they are inlined into
      // the AVX-512 kernels, so the intrinsics' target would not match.
      vf n, y;
      asm("vrndscaleps $0, %1, %0" : "=v"(n) : "v"(x));
      const vf f = x - n;
      asm("vscalefps %2, %1, %0" : "=v"(y) : "v"(exp2_fraction(f)), "v"(n));
      return tiny ? zero() : y;
    }
#endif
    const vf magic = splat(12582912.0f);  // 1.5 * 2^23: adding it rounds to an integer in the low bits
    const vf t = x + magic;
    const vf f = x - (t - magic);
    const vi n_bits = ((vi)t - (vi)magic) << 23;
    return tiny ? zero() : (vf)((vi)exp2_fraction(f) + n_bits);
  }

  // 2^f for |f| <= 1/2: Cephes' exp2f polynomial.
  static CARTOGRAPH_SIMD_INLINE vf exp2_fraction(vf f) {
    vf p = splat(1.535336188319500e-4f);
    p = p * f + splat(1.339887440266574e-3f);
    p = p * f + splat(9.618437357674640e-3f);
    p = p * f + splat(5.550332471162809e-2f);
    p = p * f + splat(2.402264791363012e-1f);
    p = p * f + splat(6.931472028550421e-1f);
    return p * f + splat(1.0f);
  }

  // Natural log per lane for positive normal x, within 2 ulp (Cephes); other lanes are unspecified.
  static CARTOGRAPH_SIMD_INLINE vf log(vf x) {
    const vi bits = (vi)x;
    vi e = (bits >> 23) - splat_i(127);
    vf m = (vf)((bits & splat_i(0x007fffff)) | splat_i(0x3f800000));  // [1, 2)
    const vi big = m > splat(1.41421356237f);                            // to [sqrt(1/2), sqrt(2))
    m = big ? m * splat(0.5f) : m;
    e = e - big;  // big is -1 where true
    const vf f = m - splat(1.0f);
    const vf z = f * f;
    vf y = splat(7.0376836292e-2f);
    y = y * f + splat(-1.1514610310e-1f);
    y = y * f + splat(1.1676998740e-1f);
    y = y * f + splat(-1.2420140846e-1f);
    y = y * f + splat(1.4249322787e-1f);
    y = y * f + splat(-1.6668057665e-1f);
    y = y * f + splat(2.0000714765e-1f);
    y = y * f + splat(-2.4999993993e-1f);
    y = y * f + splat(3.3333331174e-1f);
    y = y * f * z;
    const vf ef = __builtin_convertvector(e, vf);
    y = y + ef * splat(-2.12194440e-4f);
    y = y - splat(0.5f) * z;
    return f + y + ef * splat(0.693359375f);
  }
};

// The widest variant this CPU runs (x86-64 ISA levels v4, v3, else the baseline).
template <class F>
F pick(F w16, F w8, F w4) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) return w16;
  if (__builtin_cpu_supports("x86-64-v3")) return w8;
#else
  (void)w16, (void)w8;
#endif
  return w4;
}

}  // namespace core::simd

#if defined(__AVX512F__)
#define CARTOGRAPH_SIMD_NATIVE_WIDTH 16
#elif defined(__AVX2__)
#define CARTOGRAPH_SIMD_NATIVE_WIDTH 8
#endif

// Defines `ret name params` (params in parentheses) as `impl<W> args` for the widest W the CPU
// runs; `impl` must be an always_inline function template over int W.
#if defined(CARTOGRAPH_SIMD_NATIVE_WIDTH) || !defined(__x86_64__) || !defined(__GNUC__) || defined(__clang__)
#ifndef CARTOGRAPH_SIMD_NATIVE_WIDTH
#define CARTOGRAPH_SIMD_NATIVE_WIDTH 4
#endif
#define CARTOGRAPH_SIMD_KERNEL(ret, name, impl, params, args) \
  ret name params { return impl<CARTOGRAPH_SIMD_NATIVE_WIDTH> args; }
#else
#define CARTOGRAPH_SIMD_KERNEL(ret, name, impl, params, args)                                        \
  __attribute__((target("arch=x86-64-v4"))) static ret name##_w16 params { return impl<16> args; } \
  __attribute__((target("arch=x86-64-v3"))) static ret name##_w8 params { return impl<8> args; }   \
  static ret name##_w4 params { return impl<4> args; }                                              \
  ret name params {                                                                                 \
    static const auto kernel = ::core::simd::pick(&name##_w16, &name##_w8, &name##_w4);            \
    return kernel args;                                                                             \
  }
#endif
