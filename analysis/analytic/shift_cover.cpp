#include "analysis/analytic/shift_cover.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#ifdef CCSIM_WITH_GLPK
#include <glpk.h>
#endif

namespace ccsim::analysis {

bool shift_solver_available() {
#ifdef CCSIM_WITH_GLPK
  return true;
#else
  return false;
#endif
}

#ifdef CCSIM_WITH_GLPK

namespace {

// Columns: y_t (agents of template t), then z_tbw (agents of template t starting break b at w).
struct Columns {
  std::vector<int> y;
  std::vector<std::vector<std::vector<int>>> z;  // [t][b][w - earliest]
};

// Adds a row with the given (column, coefficient) entries.
void add_row(glp_prob* lp, const std::vector<std::pair<int, double>>& entries, int type, double bound) {
  const int row = glp_add_rows(lp, 1);
  glp_set_row_bnds(lp, row, type, bound, bound);
  std::vector<int> idx{0};
  std::vector<double> val{0.0};
  for (const auto& [c, v] : entries) {
    idx.push_back(c);
    val.push_back(v);
  }
  glp_set_mat_row(lp, row, static_cast<int>(entries.size()), idx.data(), val.data());
}

}  // namespace

std::optional<ShiftPlan> cover_with_shifts(const std::vector<std::uint32_t>& requirement,
                                           const std::vector<ShiftTemplate>& templates) {
  const std::size_t n = requirement.size();
  glp_prob* lp = glp_create_prob();
  glp_set_obj_dir(lp, GLP_MIN);
  Columns cols;
  const auto column = [&](double cost) {
    const int c = glp_add_cols(lp, 1);
    glp_set_col_bnds(lp, c, GLP_LO, 0.0, 0.0);
    glp_set_col_kind(lp, c, GLP_IV);
    glp_set_obj_coef(lp, c, cost);
    return c;
  };
  for (const auto& t : templates) {
    cols.y.push_back(column(t.cost));
    cols.z.emplace_back();
    for (const auto& b : t.breaks) {
      cols.z.back().emplace_back();
      for (std::size_t w = b.earliest; w <= b.latest; ++w) cols.z.back().back().push_back(column(0.0));
    }
  }
  // Every agent of a template takes each of its breaks once.
  for (std::size_t t = 0; t < templates.size(); ++t) {
    for (const auto& zb : cols.z[t]) {
      std::vector<std::pair<int, double>> e{{cols.y[t], -1.0}};
      for (const int c : zb) e.emplace_back(c, 1.0);
      add_row(lp, e, GLP_FX, 0.0);
    }
  }
  // Coverage of each interval.
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::pair<int, double>> e;
    for (std::size_t t = 0; t < templates.size(); ++t) {
      const auto& tp = templates[t];
      if (i < tp.start || i >= tp.start + tp.length) continue;
      e.emplace_back(cols.y[t], 1.0);
      for (std::size_t b = 0; b < tp.breaks.size(); ++b) {
        const auto& br = tp.breaks[b];
        for (std::size_t w = br.earliest; w <= br.latest; ++w) {
          if (i >= w && i < w + br.length) e.emplace_back(cols.z[t][b][w - br.earliest], -1.0);
        }
      }
    }
    if (requirement[i] == 0) continue;
    if (e.empty()) {
      glp_delete_prob(lp);
      return std::nullopt;
    }
    add_row(lp, e, GLP_LO, static_cast<double>(requirement[i]));
  }
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.presolve = GLP_ON;
  parm.msg_lev = GLP_MSG_OFF;
  parm.tm_lim = 60000;
  const int rc = glp_intopt(lp, &parm);
  const int status = glp_mip_status(lp);
  if (rc != 0 && status != GLP_OPT && status != GLP_FEAS) {
    glp_delete_prob(lp);
    if (status == GLP_NOFEAS || rc == GLP_ENOPFS) return std::nullopt;
    throw std::runtime_error("GLPK could not solve the shift program (code " + std::to_string(rc) + ")");
  }
  if (status == GLP_NOFEAS) {
    glp_delete_prob(lp);
    return std::nullopt;
  }
  ShiftPlan plan;
  plan.cost = glp_mip_obj_val(lp);
  const auto value = [&](int c) { return static_cast<std::uint32_t>(std::llround(glp_mip_col_val(lp, c))); };
  for (std::size_t t = 0; t < templates.size(); ++t) {
    const std::uint32_t y = value(cols.y[t]);
    plan.agents.push_back(y);
    // Agent k of the template takes, for each break, the k-th start in order; agents with the
    // same starts form one placement.
    std::vector<std::vector<std::size_t>> starts(y);
    for (std::size_t b = 0; b < cols.z[t].size(); ++b) {
      std::size_t k = 0;
      for (std::size_t w = 0; w < cols.z[t][b].size(); ++w) {
        for (std::uint32_t a = value(cols.z[t][b][w]); a > 0 && k < y; --a)
          starts[k++].push_back(templates[t].breaks[b].earliest + w);
      }
    }
    std::vector<ShiftPlan::Placement> placements;
    for (const auto& s : starts) {
      if (!placements.empty() && placements.back().break_starts == s) ++placements.back().agents;
      else placements.push_back({1, s});
    }
    plan.placements.push_back(std::move(placements));
  }
  glp_delete_prob(lp);
  return plan;
}

#else

std::optional<ShiftPlan> cover_with_shifts(const std::vector<std::uint32_t>&, const std::vector<ShiftTemplate>&) {
  throw std::runtime_error("this ccsim is built without GLPK (apt-get install libglpk-dev, then rebuild)");
}

#endif

}  // namespace ccsim::analysis
