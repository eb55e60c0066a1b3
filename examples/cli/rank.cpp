// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint rank: the risk exposure index (docs/model.md, Risk exposure index). Each supplier or
// country of the model's materials is cut 100% for its time to recover (--recovery, or
// its own in --recovery-file), one at a time; the sources are ranked by the value of
// production lost over the horizon, and the index is that loss over the largest one (0..1).

#include "common.hpp"
#include "inputs.hpp"
#include "progress.hpp"

#include <chokepoint/io/recovery.hpp>
#include <chokepoint/risk_index.hpp>
#include <chokepoint/source_recovery.hpp>

#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace chokepoint::cli {

namespace {

struct rank_options {
  model_files files;
  evaluation_options evaluation;
  std::string by = "country";
  std::string recovery;
  std::string recovery_file;  ///< empty: every source at --recovery
  std::string top;            ///< empty: every source
  bool json = false;
};

void run(const rank_options& o) {
  risk_index_options<real> options = make_options<risk_index_options<real>>(o.evaluation);
  const real recovery = parse_days("--recovery", o.recovery);
  constexpr std::size_t every = std::numeric_limits<std::size_t>::max();
  const std::size_t top = o.top.empty() ? every : static_cast<std::size_t>(parse_whole("--top", o.top, 1, every));
  const grouping kind = o.by == "supplier" ? grouping::supplier : grouping::country;

  const model_inputs in = load_model(o.files);
  // The index cuts one source at a time, with no scenario to carry receipts: refused,
  // rather than left out.
  if (!in.receipts.empty())
    throw parse_error(o.files.stock, in.receipt_lines.front(), 0,
                      "rank takes no stock in transit with an arrival day (a receipt of '" +
                          in.receipts.front().material + "'): leave arrival empty to count it on hand");
  const disruption_model<real> model = make_model(in);
  source_recovery<real> ttr{recovery, {}};
  if (!o.recovery_file.empty()) {
    ttr = io::load_recovery<real>(o.recovery_file, kind, recovery);
    // A name that is not a source, or one listed twice, at its line (the index would
    // say the same without the file's name).
    if (const auto p = find_recovery_problem(model, kind, ttr); p && p->entry)
      throw parse_error(o.recovery_file, p->row, 0, p->what);
  }
  std::vector<risk_exposure<real>> ranked;
  {
    // risk_index_options::progress: 2 units a source
    progress_bar bar("rank", "sources", 2, !o.evaluation.no_progress);
    options.progress = bar.callback();
    ranked = risk_exposure_index(model, kind, ttr, options);
  }
  if (ranked.size() > top) ranked.resize(top);

  if (o.json) {
    json sources = json::array();
    for (std::size_t k = 0; k < ranked.size(); ++k) {
      const risk_exposure<real>& e = ranked[k];
      sources.push_back({{"rank", k + 1},
                         {"source", e.source},
                         {"index", e.index},
                         {"lost_value", e.lost_value},
                         {"lost_units", e.lost_units},
                         {"tts", time_json(e.time_to_survive)},
                         {"lines_hit", e.lines_hit},
                         {"materials", e.materials},
                         {"recovery", e.recovery}});
    }
    std::cout << json{{"grouping", o.by},
                      {"recovery", recovery},
                      {"recovery_file", o.recovery_file.empty() ? json(nullptr) : json(o.recovery_file)},
                      {"horizon", options.horizon},
                      {"policy", o.evaluation.policy},
                      {"sources", std::move(sources)},
                      {"unsourced", item_names_json(in.bom, model.unsourced())},
                      {"unmatched", unmatched_json(o.files.supply, in.bom, in.unmatched)}}
                     .dump(2)
              << '\n';
    return;
  }

  const bool own = !o.recovery_file.empty();
  std::cout << "Risk exposure index: each " << o.by << " cut 100% for "
            << (own ? "its time to recover (" + o.recovery_file + "; " + fixed(recovery, 1) + " days for the others)"
                    : fixed(recovery, 1) + " days")
            << ", one at a time; policy " << o.evaluation.policy << "; horizon " << fixed(options.horizon, 0)
            << " days\n";
  std::vector<std::string> header{"rank",       o.by,         "index",     lost_value_header(in),
                                  "lost units", "TTS (days)", "lines hit", "materials"};
  if (own) header.emplace_back("TTR (days)");
  text_table t(std::move(header));
  for (std::size_t k = 0; k < ranked.size(); ++k) {
    const risk_exposure<real>& e = ranked[k];
    std::vector<std::string> row{std::to_string(k + 1),       e.source,
                                 fixed(e.index, 3),           fixed(e.lost_value, 2),
                                 fixed(e.lost_units, 1),      days(e.time_to_survive),
                                 std::to_string(e.lines_hit), std::to_string(e.materials)};
    if (own) row.push_back(fixed(e.recovery, 1));
    t.add(std::move(row));
  }
  t.print(std::cout);
  std::cout << "(index: lost value / the largest; - : no material runs short within the horizon)\n";
  std::cout << never_cut_note(o.files.supply, in.bom, model.unsourced());
}

}  // namespace

void add_rank(CLI::App& app) {
  auto o = std::make_shared<rank_options>();
  auto* cmd = app.add_subcommand(
      "rank", "risk exposure index: each supplier or country cut 100% for a recovery time, ranked by lost value");
  add_model_options(*cmd, o->files, alternates_option::no);
  cmd->add_option("--by", o->by, "cut each supplier or each country")
      ->check(CLI::IsMember({"supplier", "country"}))
      ->capture_default_str();
  cmd->add_option("--recovery", o->recovery,
                  "days each source stays cut (its time to recover); with --recovery-file, for the sources the file "
                  "does not list")
      ->required()
      ->type_name("FLOAT")
      ->check(checked_as("NONNEGATIVE", [](const std::string& t) { return parse_days("--recovery", t); }));
  cmd->add_option("--recovery-file", o->recovery_file,
                  "recovery CSV: source,days[,kind]: a time to recover per source, each a supplier or a country of "
                  "the supply file as --by says (kind, if given, must say the same); --recovery for the others")
      ->type_name("FILE");
  constexpr std::size_t every = std::numeric_limits<std::size_t>::max();
  cmd->add_option("--top", o->top, "show only the N most damaging sources")
      ->type_name("UINT")
      ->check(checked_as("POSITIVE", [](const std::string& t) { return parse_whole("--top", t, 1, every); }));
  add_evaluation_options(*cmd, o->evaluation, many_scenarios::yes);
  add_json_flag(*cmd, o->json);
  cmd->callback([o] { run(*o); });
}

}  // namespace chokepoint::cli
