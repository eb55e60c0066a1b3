// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint sweep: many scenarios over one model (docs/model.md, Scenario sweeps). Cut fractions
// (country:CN=0.5..1), quotas (quota:CN[Dy]=1..3/day), the start and the duration of
// every cut, shipping delays (country:CN=30..60), the lead time of every alternate and
// factors on the stock and the demand may range; a seeded Monte Carlo draw or a grid turns the ranges into
// scenarios, and the answers are distributions: percentiles of the time-to-survive and
// of each line's time-to-failure, the probabilities of a shortage, of exposure
// (TTS < TTR) and of each line stopping, and the expected lost production.

#include "common.hpp"
#include "inputs.hpp"
#include "progress.hpp"

#include <chokepoint/sweep.hpp>

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>

namespace chokepoint::cli {

namespace {

// The same cap as the library's grid: a sweep keeps every scenario's answers.
constexpr std::uint64_t most_scenarios = 100000000;

struct sweep_cli_options {
  model_files files;
  scenario_options scenario;
  evaluation_options evaluation;
  std::string start_range, duration_range, lead_time_range;  ///< empty: not given
  std::vector<std::string> stock_scales;
  std::string demand_scale;  ///< empty: not given
  std::string samples = std::to_string(sweep_spec<real>{}.samples);
  std::string seed = std::to_string(sweep_spec<real>{}.seed);
  std::string grid;  ///< empty: Monte Carlo
  std::string percentiles = "5,50,95";
  std::string max_memory;  ///< empty: the machine's physical memory
  bool json = false;
};

/// LOW..HIGH days; empty when not given.
std::optional<value_range<real>> parse_day_range(const std::string& option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  const written_range range = split_range(text);
  std::optional<real> low, high;
  if (range.high) {
    low = parse_finite<real>(range.low);
    high = parse_finite<real>(*range.high);
  }
  if (!low || !high || !(*low >= 0) || !(*low <= *high))
    throw usage_error(option + ": must be LOW..HIGH days with 0 <= LOW <= HIGH, got " + text);
  return value_range<real>{*low, *high};
}

/// FACTOR[..FACTOR], each finite and >= 0 (> 0 where `positive`).
value_range<real> parse_factor_range(const std::string& option, const std::string& text, bool positive) {
  const written_range range = split_range(text);
  const std::optional<real> low = parse_finite<real>(range.low);
  const std::optional<real> high = range.high ? parse_finite<real>(*range.high) : low;
  if (!low || !high || !(positive ? *low > 0 : *low >= 0) || !(*low <= *high))
    throw usage_error(option + ": must be a factor LOW..HIGH (or one) with " + (positive ? "0 < " : "0 <= ") +
                      "LOW <= HIGH, got " + (text.empty() ? std::string("nothing") : text));
  return {*low, *high};
}

/// --stock-scale: FACTOR[..FACTOR] for all the stock, or [ITEM,...]=FACTOR[..FACTOR].
stock_scale<real> parse_stock_scale(const std::string& text) {
  stock_scale<real> out;
  std::string factor = text;
  if (!text.empty() && text[0] == '[') {
    std::size_t at = 0;
    const std::string problem = chokepoint::detail::read_scope(text, at, out.items);
    if (!problem.empty()) throw usage_error("--stock-scale: '" + text + "': " + problem);
    if (at >= text.size() || text[at] != '=')
      throw usage_error("--stock-scale: '" + text + "': expected '=' and a factor after the items' ']'");
    factor = text.substr(at + 1);
  }
  out.factor = parse_factor_range("--stock-scale", factor, false);
  return out;
}

/// Comma-separated percentiles, each in [0, 100].
std::vector<double> parse_percentiles(const std::string& text) {
  std::vector<double> out;
  for (std::size_t from = 0;;) {
    const std::size_t comma = text.find(',', from);
    const std::string item = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    const std::optional<double> p = parse_finite<double>(item);
    if (!p || !(*p >= 0 && *p <= 100))
      throw usage_error("--percentiles: each must be a number in [0, 100], got " +
                        (item.empty() ? std::string("nothing") : item));
    out.push_back(*p);
    if (comma == std::string::npos) return out;
    from = comma + 1;
  }
}

/// The spec of the command line, alternates aside (they come with the model's files).
sweep_spec<real> make_spec(const sweep_cli_options& o) {
  sweep_spec<real> spec;
  const auto start = parse_day_range("--start-range", o.start_range);
  const auto duration = parse_day_range("--duration-range", o.duration_range);
  for (const std::string& text : o.scenario.cuts) {
    const cut_spec<real> cut = parse_cut_spec<real>(text);
    if (duration && cut.end)
      throw usage_error("--duration-range: sets the end of every cut, but --cut '" + text + "' gives one");
    spec.add_cut(cut, start, duration);
  }
  for (const std::string& text : o.scenario.delays) {
    const delay_spec<real> d = parse_delay(text, true);
    spec.delays.push_back(
        {d.at(), d.is_range() ? std::optional<value_range<real>>({d.days_low, d.days_high}) : std::nullopt});
  }
  for (const std::string& text : o.stock_scales) spec.stock_scales.push_back(parse_stock_scale(text));
  if (!o.demand_scale.empty()) spec.demand_scale = parse_factor_range("--demand-scale", o.demand_scale, true);
  if (o.grid.empty()) {
    spec.method = sampling::monte_carlo;
    spec.samples = static_cast<std::size_t>(parse_whole("--samples", o.samples, 1, most_scenarios));
    spec.seed = parse_whole("--seed", o.seed, 0, std::numeric_limits<std::uint64_t>::max());
  } else {
    spec.method = sampling::grid;
    spec.grid_points = static_cast<std::size_t>(parse_whole("--grid", o.grid, 1, most_scenarios));
  }
  return spec;
}

/// Bytes in binary units, two or three digits: "512 MiB", "1.6 TiB".
std::string byte_size(double bytes) {
  const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  std::size_t u = 0;
  while (bytes >= 1024 && u + 1 < std::size(units)) {
    bytes /= 1024;
    ++u;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, bytes < 10 && u > 0 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
  return buffer;
}

/// --max-memory: NUMBER[K|M|G|T], the suffixes powers of 1024.
double parse_byte_size(const std::string& text) {
  std::string digits = text;
  double scale = 1;
  if (!digits.empty()) {
    const std::string suffixes = "KMGT";
    const auto at = suffixes.find(static_cast<char>(std::toupper(static_cast<unsigned char>(digits.back()))));
    if (at != std::string::npos) {
      for (std::size_t k = 0; k <= at; ++k) scale *= 1024;
      digits.pop_back();
    }
  }
  const std::optional<double> value = parse_finite<double>(digits);
  if (!value || !(*value > 0))
    throw invalid_input("--max-memory: must be a size such as 512M or 2G (K, M, G, T: powers of 1024), got " +
                        (text.empty() ? std::string("nothing") : text));
  return *value * scale;
}

/// What the process holds now (its resident set), in bytes; 0 where /proc does not say.
double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  double pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

/// The machine's physical memory in bytes; 0 if unknown.
double physical_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 0;
}

/// The memory the sweep will need at its peak: what the process holds now (the model
/// and its files) and the library's estimate of the sweep (sweep_memory), checked,
/// before anything is sampled, against --max-memory or the physical memory: beyond
/// it, the kernel would kill the sweep half-way instead.
double checked_memory(const std::optional<double>& max_memory, const disruption_model<real>& model,
                      const sweep_spec<real>& spec, const sweep_options<real>& options) {
  const double need = resident_bytes() + sweep_memory(model, spec, options);
  const bool given = max_memory.has_value();
  const double limit = given ? *max_memory : physical_bytes();
  if (limit > 0 && need > limit) {
    const std::string what = "the sweep needs about " + byte_size(need) + " (" +
                             std::to_string(sweep_scenario_count(spec)) + " scenarios for " +
                             std::to_string(model.lines().size()) + " lines), more than ";
    throw invalid_input(given ? "--max-memory: " + what + byte_size(limit)
                              : what + "this machine's " + byte_size(limit) +
                                    " of memory; ask for fewer scenarios, or give --max-memory");
  }
  return need;
}

std::string percentile_name(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "p%g", p);
  return buffer;
}

json times_json(const std::vector<std::optional<real>>& times) {
  json out = json::array();
  for (const auto& t : times) out.push_back(time_json(t));
  return out;
}

json range_json(const value_range<real>& r) { return json::array({r.low, r.high}); }

void run(const sweep_cli_options& o) {
  require_limits(o.scenario);
  sweep_options<real> options = make_options<sweep_options<real>>(o.evaluation);
  options.percentiles = parse_percentiles(o.percentiles);
  sweep_spec<real> spec = make_spec(o);
  const auto lead_time = parse_day_range("--lead-time-range", o.lead_time_range);
  const std::optional<double> max_memory =
      o.max_memory.empty() ? std::nullopt : std::optional<double>(parse_byte_size(o.max_memory));

  const model_inputs in = load_model(o.files);
  spec.receipts = in.receipts;  // the same in every scenario
  // A schedule's steps keep their windows: --start-range and --duration-range do not move them.
  if (!o.scenario.schedule.empty())
    for (const io::limit_schedule<real>& s : load_schedules(o.scenario.schedule, in))
      for (const schedule_step<real>& step : s.steps)
        spec.add_cut(cut_spec<real>{s.target, s.name, step.level, step.level, step.from, step.to, s.kind, s.materials});
  for (const alternate_supply<real>& a : in.alternates) spec.add_alternate(a, lead_time);
  const disruption_model<real> model = make_model(in);
  const double memory = checked_memory(max_memory, model, spec, options);
  sweep_result<real> r;
  {
    // sweep_options::progress: 2 units a scenario
    progress_bar bar("sweep (about " + byte_size(memory) + ")", "scenarios", 2, !o.evaluation.no_progress);
    options.progress = bar.callback();
    r = sweep(model, spec, options);
  }
  const auto& bom = in.bom;

  if (o.json) {
    json products = json::array();
    for (const line_distribution<real>& l : r.lines)
      products.push_back({{"product", std::string(bom.name(l.line))},
                          {"rate", in.demand.rate[l.line]},
                          {"ttf", times_json(l.time_to_failure)},
                          {"probability_of_stop", l.probability_of_stop},
                          {"expected_lost_units", l.expected_lost_units},
                          {"expected_lost_value", l.expected_lost_value}});
    json out{{"scenarios", r.scenarios}};
    if (spec.method == sampling::grid) {
      out["sampling"] = "grid";
      out["grid_points"] = spec.grid_points;
    } else {
      out["sampling"] = "monte_carlo";
      out["samples"] = spec.samples;
      out["seed"] = spec.seed;
    }
    out["horizon"] = options.horizon;
    out["policy"] = o.evaluation.policy;
    json delays = json::array(), scales = json::array();
    for (const swept_delay<real>& d : spec.delays)
      delays.push_back({{"target", std::string(to_string(d.delay.target))},
                        {"name", d.delay.name},
                        {"days", d.days ? range_json(*d.days) : range_json({d.delay.days, d.delay.days})}});
    for (const stock_scale<real>& g : spec.stock_scales)
      scales.push_back({{"items", g.items}, {"factor", range_json(g.factor)}});
    out["delays"] = std::move(delays);
    out["stock_scales"] = std::move(scales);
    out["demand_scale"] = spec.demand_scale ? range_json(*spec.demand_scale) : json(nullptr);
    out["percentiles"] = r.percentiles;
    out["tts"] = times_json(r.time_to_survive);
    out["probability_of_shortage"] = r.probability_of_shortage;
    out["probability_exposed"] = r.probability_exposed;
    out["expected_lost_units"] = r.expected_lost_units;
    out["expected_lost_value"] = r.expected_lost_value;
    out["products"] = std::move(products);
    out["unsourced"] = item_names_json(bom, model.unsourced());
    out["unmatched"] = unmatched_json(o.files.supply, bom, in.unmatched);
    std::cout << out.dump(2) << '\n';
    return;
  }

  std::string ranges;
  if (!o.start_range.empty()) ranges += " --start-range " + o.start_range;
  if (!o.duration_range.empty()) ranges += " --duration-range " + o.duration_range;
  if (!o.lead_time_range.empty()) ranges += " --lead-time-range " + o.lead_time_range;
  for (const std::string& g : o.stock_scales) ranges += " --stock-scale '" + g + "'";
  if (!o.demand_scale.empty()) ranges += " --demand-scale " + o.demand_scale;
  std::cout << "Scenarios:" << scenario_text(o.scenario, o.evaluation, ranges, in, options.horizon) << '\n';
  if (spec.method == sampling::grid)
    std::cout << "Sweep: " << r.scenarios << " scenarios, a grid of " << spec.grid_points
              << " values per varying range\n";
  else std::cout << "Sweep: " << r.scenarios << " Monte Carlo scenarios, seed " << spec.seed << '\n';
  std::cout << "Memory: about " << byte_size(memory) << " (estimated before sampling)\n";
  std::cout << "Time to survive (days):";
  for (std::size_t k = 0; k < r.percentiles.size(); ++k)
    std::cout << (k ? ", " : " ") << percentile_name(r.percentiles[k]) << ' ' << days(r.time_to_survive[k]);
  std::cout << "\nProbability of a shortage within the horizon " << percent(r.probability_of_shortage)
            << "; of exposure (TTS < TTR) " << percent(r.probability_exposed) << "\n\n";

  std::vector<std::string> header{"product"};
  for (const double p : r.percentiles) header.push_back("TTF " + percentile_name(p));
  for (const char* h : {"P(stop)", "expected lost units"}) header.push_back(h);
  header.push_back(lost_value_header(in, "expected lost value"));
  text_table t(std::move(header));
  for (const line_distribution<real>& l : r.lines) {
    std::vector<std::string> row{std::string(bom.name(l.line))};
    for (const auto& ttf : l.time_to_failure) row.push_back(days(ttf));
    row.push_back(percent(l.probability_of_stop));
    row.push_back(fixed(l.expected_lost_units, 1));
    row.push_back(fixed(l.expected_lost_value, 2));
    t.add(std::move(row));
  }
  std::vector<std::string> total(r.percentiles.size() + 2, "");
  total.front() = "total";
  total.push_back(fixed(r.expected_lost_units, 1));
  total.push_back(fixed(r.expected_lost_value, 2));
  t.add(std::move(total));
  t.print(std::cout);
  std::cout << "(TTF in days; - : does not happen within the horizon)\n";
  std::cout << never_cut_note(o.files.supply, bom, model.unsourced());
}

}  // namespace

void add_sweep(CLI::App& app) {
  auto o = std::make_shared<sweep_cli_options>();
  auto* cmd = app.add_subcommand("sweep",
                                 "distributions of time-to-survive, time-to-failure and losses over many scenarios "
                                 "(Monte Carlo or grid)");
  add_model_options(*cmd, o->files);
  add_limit_options(
      *cmd, o->scenario,
      cut_syntax +
          "; FRACTION or PER_DAY may be a range LOW..HIGH, sampled (e.g. 'country:CN=0.5..1@0:90', "
          "'quota:CN[Dy oxide]=1..3/day'); repeat for more",
      checked_as("", [](const std::string& t) { return parse_cut_spec<real>(t); }),
      "shipping delay KIND:NAME=DAYS[..DAYS]: what it ships on day t arrives on day t + DAYS; a range is sampled "
      "(e.g. country:CN=30..60); repeat for more",
      checked_as("", [](const std::string& t) { return parse_delay(t, true); }));
  const auto day_range = [](const char* option) {
    return checked_as("", [option](const std::string& t) { return parse_day_range(option, t); });
  };
  cmd->add_option("--start-range", o->start_range, "LOW..HIGH: the start of every cut ranges over these days")
      ->type_name("LOW..HIGH")
      ->check(day_range("--start-range"));
  cmd->add_option("--duration-range", o->duration_range,
                  "LOW..HIGH: every cut lasts this many days (a cut then gives no END)")
      ->type_name("LOW..HIGH")
      ->check(day_range("--duration-range"));
  cmd->add_option("--lead-time-range", o->lead_time_range, "LOW..HIGH: the lead time of every alternate, in days")
      ->type_name("LOW..HIGH")
      ->check(day_range("--lead-time-range"))
      ->needs(cmd->get_option("--alternates"));
  cmd->add_option("--stock-scale", o->stock_scales,
                  "LOW..HIGH: a factor on all the stock, or [ITEM,...]=LOW..HIGH on these items' (e.g. "
                  "'[Dy oxide,Tb oxide]=0.5..1.5'); factors that apply to one item multiply; repeat for more")
      ->allow_extra_args(false)
      ->type_name("[ITEMS=]LOW..HIGH")
      ->check(checked_as("", parse_stock_scale));
  cmd->add_option("--demand-scale", o->demand_scale, "LOW..HIGH: a factor on every product's demand, > 0")
      ->type_name("LOW..HIGH")
      ->check(checked_as("", [](const std::string& t) { return parse_factor_range("--demand-scale", t, true); }));
  const auto whole = [](const char* option, std::uint64_t low, std::uint64_t high) {
    return [=](const std::string& t) { return parse_whole(option, t, low, high); };
  };
  auto* samples =
      cmd->add_option("--samples", o->samples, "Monte Carlo: number of scenarios")
          ->type_name("UINT")
          ->check(checked_as("[1 - " + std::to_string(most_scenarios) + "]", whole("--samples", 1, most_scenarios)))
          ->capture_default_str();
  auto* seed = cmd->add_option("--seed", o->seed, "Monte Carlo: the seed; the same seed gives the same answers")
                   ->type_name("UINT")
                   ->check(checked_as("", whole("--seed", 0, std::numeric_limits<std::uint64_t>::max())))
                   ->capture_default_str();
  cmd->add_option("--grid", o->grid, "a grid instead: N values per varying range, ends included, every combination")
      ->type_name("UINT")
      ->check(checked_as("[1 - " + std::to_string(most_scenarios) + "]", whole("--grid", 1, most_scenarios)))
      ->excludes(samples)
      ->excludes(seed);
  cmd->add_option("--percentiles", o->percentiles, "percentiles to report, comma-separated, each in [0, 100]")
      ->type_name("FLOAT,...")
      ->check(checked_as("", parse_percentiles))
      ->capture_default_str();
  add_evaluation_options(*cmd, o->evaluation, many_scenarios::yes);
  cmd->add_option("--max-memory", o->max_memory,
                  "SIZE: refuse a sweep estimated to need more memory, e.g. 2G (K, M, G, T: powers of 1024; "
                  "default: the machine's physical memory)")
      ->type_name("SIZE");
  add_json_flag(*cmd, o->json);
  cmd->callback([o] { run(*o); });
}

}  // namespace chokepoint::cli
