#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The example refuses bad input (ctest tests; see examples/CMakeLists.txt).

usage: bad_inputs.py --list
       bad_inputs.py EXAMPLE DATA_DIR WORK_DIR CASE

Each case below is the shipped data with exactly one defect: in one file, the text OLD
(which must occur there exactly once, so that a change of the data cannot make a case
test nothing) becomes NEW; without OLD the file is NEW, and without NEW it is removed. The case copies
DATA_DIR to WORK_DIR/CASE/data, applies the defect, runs `EXAMPLE data out` there and
passes when, as `cli_check fails` checks the chokepoint command (tests/cli), the example
exits non-zero, prints nothing on standard output, and standard error is exactly
"rare_earth_blockade: MESSAGE" and one newline.
"""
import shutil
import subprocess
import sys
from pathlib import Path

# name: (file, OLD, NEW, MESSAGE); a case with a fifth element runs the example with
# those arguments instead of `data out`.
CASES = {
    # Any of the example's own tables (controls.csv here and there).
    "controls_missing": ("controls.csv", None, None, "data/controls.csv:0:0: cannot open file"),
    "exports_no_header": ("magnet_exports.csv", None, "# China's magnet exports: comments only\n",
                          "data/magnet_exports.csv:0:0: no header"),
    "controls_missing_column": ("controls.csv", "scenario,country,materials,schedule,basis",
                                "scenario,country,materials,kind,basis",
                                "data/controls.csv:6:0: no column 'schedule' in the header"),
    "stops_extra_field": ("reported_stops.csv", "on,2025-05-26,2025-05-26,", "on,2025-05-26,2025-05-26,,",
                          "data/reported_stops.csv:6:0: 6 fields, the header has 5"),

    # parameters.csv: every value against its rule, named by the parameter.
    "parameter_missing": ("parameters.csv", "seed,20250404,,the Monte Carlo seed (std::mt19937_64)\n", "",
                          "data/parameters.csv:0:0: no parameter 'seed'"),
    "parameter_unknown": ("parameters.csv", "horizon,365,", "horizn,365,",
                          "data/parameters.csv:6:1: unknown parameter 'horizn'"),
    "parameter_twice": ("parameters.csv", "samples,2000,", "horizon,400,days,ASSUMED\nsamples,2000,",
                        "data/parameters.csv:15:1: parameter 'horizon' given twice (first on line 6)"),
    "parameter_blank": ("parameters.csv", "horizon,365,", "horizon,,",
                        "data/parameters.csv:6:2: horizon: must be a finite number, got ''"),
    "parameter_nan": ("parameters.csv", "transit_days,30,", "transit_days,nan,",
                      "data/parameters.csv:12:2: transit_days: must be a finite number, got 'nan'"),
    "parameter_unit_in_value": ("parameters.csv", "transit_days,30,", "transit_days,30 days,",
                                "data/parameters.csv:12:2: transit_days: must be a finite number, got '30 days'"),
    "parameter_date_unpadded": ("parameters.csv", "day_zero,2025-04-04,", "day_zero,2025-4-4,",
                                "data/parameters.csv:5:2: day_zero: expected a date YYYY-MM-DD, got '2025-4-4'"),
    "parameter_date_impossible": ("parameters.csv", "licence_cut_end,2025-08-01,", "licence_cut_end,2025-02-30,",
                                  "data/parameters.csv:11:2: licence_cut_end: expected a date YYYY-MM-DD, "
                                  "got '2025-02-30'"),
    "horizon_zero": ("parameters.csv", "horizon,365,", "horizon,0,",
                     "data/parameters.csv:6:2: horizon: must be a number of days > 0, got '0'"),
    "transit_negative": ("parameters.csv", "transit_days,30,", "transit_days,-1,",
                         "data/parameters.csv:12:2: transit_days: must be a number of days >= 0, got '-1'"),
    "review_days_fraction": ("parameters.csv", "review_working_days,45,", "review_working_days,45.5,",
                             "data/parameters.csv:7:2: review_working_days: must be a whole number in [1, 366], "
                             "got '45.5'"),
    "approved_share_above_one": ("parameters.csv", "approved_after_review,0.25,", "approved_after_review,1.25,",
                                 "data/parameters.csv:8:2: approved_after_review: must be a share in [0, 1], "
                                 "got '1.25'"),
    "late_june_before_review_end": ("parameters.csv", "late_june,2025-06-30,", "late_june,2025-06-01,",
                                    "data/parameters.csv:10:2: late_june: must come after the review of 45 working "
                                    "days from 2025-04-04 ends (day 64), got '2025-06-01'"),
    "licence_cut_end_before_late_june": ("parameters.csv", "licence_cut_end,2025-08-01,", "licence_cut_end,2025-06-15,",
                                         "data/parameters.csv:11:2: licence_cut_end: must come after late_june "
                                         "(2025-06-30), got '2025-06-15'"),
    "cover_weeks_negative": ("parameters.csv", "cover_weeks_low,2,", "cover_weeks_low,-1,",
                             "data/parameters.csv:13:2: cover_weeks_low: must be a number of weeks >= 0, got '-1'"),
    "cover_weeks_reversed": ("parameters.csv", "cover_weeks_high,12,", "cover_weeks_high,1,",
                             "data/parameters.csv:14:2: cover_weeks_high: must not be below cover_weeks_low (2), "
                             "got '1'"),
    "samples_zero": ("parameters.csv", "samples,2000,", "samples,0,",
                     "data/parameters.csv:15:2: samples: must be a whole number in [1, 1000000], got '0'"),
    "seed_negative": ("parameters.csv", "seed,20250404,", "seed,-1,",
                      "data/parameters.csv:16:2: seed: must be a whole number in [0, 9007199254740992], got '-1'"),
    "suspension_ends_before_rule": ("parameters.csv", "rule61_suspension_ends,2026-11-10,",
                                    "rule61_suspension_ends,2025-11-10,",
                                    "data/parameters.csv:18:2: rule61_suspension_ends: must come after "
                                    "rule61_effective (2025-12-01), got '2025-11-10'"),
    "maker_share_above_one": ("parameters.csv", "maker_stock_non_chinese_high,0.3,",
                              "maker_stock_non_chinese_high,1.5,",
                              "data/parameters.csv:20:2: maker_stock_non_chinese_high: must be a share in [0, 1], "
                              "got '1.5'"),
    "maker_share_reversed": ("parameters.csv", "maker_stock_non_chinese_low,0,", "maker_stock_non_chinese_low,0.4,",
                             "data/parameters.csv:20:2: maker_stock_non_chinese_high: must not be below "
                             "maker_stock_non_chinese_low (0.4), got '0.3'"),

    # controls.csv: known scenarios and schedules, materials the country sells, each
    # flow limited once.
    "controls_unknown_scenario": ("controls.csv", "april_2025,CN,Dy oxide;Tb oxide,", "april_2052,CN,Dy oxide;Tb oxide,",
                                  "data/controls.csv:7:1: scenario: must be 'april_2025' or 'rule61', got 'april_2052'"),
    "controls_unknown_country": ("controls.csv", "april_2025,CN,Dy oxide;Tb oxide,", "april_2025,XX,Dy oxide;Tb oxide,",
                                 "data/controls.csv:7:2: country: unknown country 'XX' (not in supply.csv)"),
    "controls_country_sells_none": ("controls.csv", "april_2025,CN,Dy oxide;Tb oxide,",
                                    "april_2025,MY,Dy oxide;Tb oxide,",
                                    "data/controls.csv:7:3: materials: MY sells no 'Dy oxide' (supply.csv)"),
    "controls_unknown_material": ("controls.csv", "april_2025,CN,Dy oxide;Tb oxide,", "april_2025,CN,Dy oxide;Ho oxide,",
                                  "data/controls.csv:7:3: materials: 'Ho oxide' is not a material of the bill of "
                                  "materials"),
    "controls_assembly": ("controls.csv", "april_2025,CN,Dy oxide;Tb oxide,", "april_2025,CN,seat motor,",
                          "data/controls.csv:7:3: materials: 'seat motor' is not a material of the bill of materials"),
    "controls_no_materials": ("controls.csv", "april_2025,CN,Dy oxide;Tb oxide,", "april_2025,CN,,",
                              "data/controls.csv:7:3: materials: names no material"),
    "controls_material_twice": ("controls.csv", "april_2025,CN,Dy oxide;Tb oxide,", "april_2025,CN,Dy oxide;Dy oxide,",
                                "data/controls.csv:7:3: materials: 'Dy oxide' is named twice"),
    "controls_flow_limited_twice": ("controls.csv", "april_2025,CN,traction magnet (CN makers);",
                                    "april_2025,CN,Tb oxide;traction magnet (CN makers);",
                                    "data/controls.csv:8:3: materials: 'Tb oxide' from CN is already limited in "
                                    "april_2025 on line 7"),
    "controls_unknown_schedule": ("controls.csv", "Dy oxide;Tb oxide,licences,\"Ann. 18", "Dy oxide;Tb oxide,quota,\"Ann. 18",
                                  "data/controls.csv:7:4: schedule: must be 'licences' or 'customs', got 'quota'"),
    "controls_no_rule61": ("controls.csv", "rule61,CN,", "# rule61,CN,",
                           "data/controls.csv:0:0: no limits of scenario 'rule61'"),

    # magnet_exports.csv: one row a month, in order; tonnes that can be divided.
    "exports_bad_month": ("magnet_exports.csv", "2025-04,2628,", "2025-4,2628,",
                          "data/magnet_exports.csv:7:1: month: expected a month YYYY-MM, got '2025-4'"),
    "exports_month_twice": ("magnet_exports.csv", "2025-06,3188,", "2025-05,3188,",
                            "data/magnet_exports.csv:9:1: month: 2025-05 must come after 2025-05 (line 8): one row a "
                            "month, in order"),
    "exports_out_of_order": ("magnet_exports.csv", "2025-06,3188,", "2025-03,3188,",
                             "data/magnet_exports.csv:9:1: month: 2025-03 must come after 2025-05 (line 8): one row a "
                             "month, in order"),
    "exports_blank": ("magnet_exports.csv", "2025-05,1238,", "2025-05,,",
                      "data/magnet_exports.csv:8:2: exports_2025_t: must be a finite number, got ''"),
    "exports_negative": ("magnet_exports.csv", "2025-05,1238,", "2025-05,-1238,",
                         "data/magnet_exports.csv:8:2: exports_2025_t: must be >= 0, got '-1238'"),
    "exports_2024_zero": ("magnet_exports.csv", "2025-05,1238,4762,", "2025-05,1238,0,",
                          "data/magnet_exports.csv:8:3: exports_2024_t: must be > 0 (the flow is scaled by 2025 / "
                          "2024), got '0'"),

    # reported_stops.csv: named once, a known kind, days in order from day 0.
    "stops_no_name": ("reported_stops.csv", "Suzuki halts the Swift,on,", ",on,",
                      "data/reported_stops.csv:6:1: event: the stop needs a name"),
    "stops_event_twice": ("reported_stops.csv", "Ford idles", "Suzuki halts the Swift,on,2025-05-26,2025-05-26,again\nFord idles",
                          "data/reported_stops.csv:7:1: event: 'Suzuki halts the Swift' is given twice (first on line 6)"),
    "stops_unknown_kind": ("reported_stops.csv", "Swift,on,", "Swift,around,",
                           "data/reported_stops.csv:6:2: kind: must be 'on', 'within' or 'by', got 'around'"),
    "stops_bad_date": ("reported_stops.csv", "within,2025-05-01,", "within,2025-05-32,",
                       "data/reported_stops.csv:7:3: first: expected a date YYYY-MM-DD, got '2025-05-32'"),
    "stops_before_day_zero": ("reported_stops.csv", "on,2025-05-26,2025-05-26,", "on,2025-03-01,2025-03-01,",
                              "data/reported_stops.csv:6:3: first: 2025-03-01 is before day 0 (2025-04-04)"),
    "stops_last_before_first": ("reported_stops.csv", "within,2025-05-01,2025-05-31,", "within,2025-05-01,2025-04-30,",
                                "data/reported_stops.csv:7:4: last: 2025-04-30 is before first (2025-05-01)"),
    "stops_on_with_range": ("reported_stops.csv", "on,2025-05-26,2025-05-26,", "on,2025-05-26,2025-05-28,",
                            "data/reported_stops.csv:6:4: last: an 'on' stop has one day: first and last must be equal, "
                            "got 2025-05-26 and 2025-05-28"),

    # stock.csv: one week on hand; in transit would count twice with the shipping delay.
    "stock_in_transit": ("stock.csv", "Tb oxide,11.9,0", "Tb oxide,11.9,5",
                         "data/stock.csv:13:3: in_transit: must be 0, got '5': the shipping delay (transit_days) "
                         "already brings what was at sea on day 0; give one week of cover as on_hand"),

    # The USGS table in public/ (read with fast-cpp-csv-parser).
    "usgs_no_vintage": ("public/usgs_rare_earth_mine_production.csv", "MCS2025,", "MCS2O25,",
                        "data/public/usgs_rare_earth_mine_production.csv:0:0: no rows of vintage MCS2025, year 2024",
                        "all"),
    "usgs_blank_production": ("public/usgs_rare_earth_mine_production.csv", "MCS2025,2024,United States,45000,",
                              "MCS2025,2024,United States,,",
                              "data/public/usgs_rare_earth_mine_production.csv:3:4: production_t_REO: must be a number "
                              ">= 0, got ''"),
    "usgs_negative_production": ("public/usgs_rare_earth_mine_production.csv", "MCS2025,2024,Australia,13000,",
                                 "MCS2025,2024,Australia,-13000,",
                                 "data/public/usgs_rare_earth_mine_production.csv:5:4: production_t_REO: must be a "
                                 "number >= 0, got '-13000'"),
    "usgs_blank_year": ("public/usgs_rare_earth_mine_production.csv", "MCS2025,2024,Australia,13000,",
                        "MCS2025,,Australia,13000,",
                        "data/public/usgs_rare_earth_mine_production.csv:5:2: year: must be a whole number, got ''"),
    "usgs_missing_column": ("public/usgs_rare_earth_mine_production.csv", "production_t_REO", "production_t",
                            "Missing column \"production_t_REO\" in header of file "
                            "\"data/public/usgs_rare_earth_mine_production.csv\"."),

    # The plant's files are read by the library (chokepoint::io): its message comes through.
    "supply_blank_volume": ("supply.csv", "Tb oxide,CN separators,CN,100", "Tb oxide,CN separators,CN,",
                            "data/supply.csv:15:4: volume: expected a number, got ''"),

    # The command line, and where the outputs go.
    "no_arguments": ("", None, None, "data is required (see --help)", []),
    "out_not_a_directory": ("", None, None,
                            "cannot create the output directory data/bom.csv/out: Not a directory",
                            ["data", "data/bom.csv/out"]),
}


def main():
    if sys.argv[1:] == ["--list"]:
        print(";".join(CASES))
        return 0
    if len(sys.argv) != 5 or sys.argv[4] not in CASES:
        print(__doc__)
        return 2
    example, data, work, name = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    case = CASES[name]
    file, old, new, message = case[:4]
    replace_all = len(case) > 4 and case[4] == "all"
    args = case[4] if len(case) > 4 and isinstance(case[4], list) else ["data", "out"]

    here = work / name
    shutil.rmtree(here, ignore_errors=True)
    shutil.copytree(data, here / "data")
    if file:
        path = here / "data" / file
        if new is None:
            path.unlink()
        elif old is None:
            path.write_text(new)
        else:
            text = path.read_text()
            n = text.count(old)
            if n == 0 or (n > 1 and not replace_all):
                print(f"{name}: {file} holds {old!r} {n} times, not once: the case no longer applies")
                return 1
            path.write_text(text.replace(old, new))

    run = subprocess.run([str(example.resolve())] + args, cwd=here, capture_output=True, text=True)
    expected = f"rare_earth_blockade: {message}\n"
    ok = run.returncode != 0 and run.stdout == "" and run.stderr == expected
    if not ok:
        print(f"{name}: exit {run.returncode}, {len(run.stdout)} characters on standard output")
        print(f"expected on standard error: {expected!r}")
        print(f"got:                        {run.stderr!r}")
        return 1
    print(f"ok: {name}: {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
