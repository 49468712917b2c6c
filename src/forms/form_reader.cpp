#include "jitupasna/forms/form_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "jitupasna/core/indonesian_number.hpp"
#include "jitupasna/forms/form_spec.hpp"
#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::forms {

namespace {

namespace fs = std::filesystem;
using io::quoted_value;

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

// The cells of one entry sheet, found by the keys of its hidden first row. Every problem is
// reported as "FILE: SHEET!REF (key): what".
class EntrySheet {
  public:
    EntrySheet(const io::XlsxSheet& sheet, std::string file, std::vector<std::string>& problems)
        : sheet_(sheet), file_(std::move(file)), problems_(problems) {}

    // Reads row 1; false (with a problem per missing key) when a contract key is missing.
    bool read_keys(const std::vector<FormColumn>& columns) {
        for (const auto& cell : sheet_.cells) {
            if (cell.row != kKeyRow) break;
            if (cell.value.kind != io::XlsxValue::Kind::text) continue;
            const std::string key(io::trim_blanks(cell.value.text));
            const auto [it, fresh] = column_of_.emplace(key, cell.column);
            if (!fresh)
                problems_.push_back(fmt::format(
                    "{}: {}!{}: key {} is also in {}: a column was copied over the hidden "
                    "key row",
                    file_, sheet_.name, cell.ref(), quoted_value(key),
                    io::cell_ref(kKeyRow, it->second)));
        }
        // No key at all in row 1: the key row itself was moved (a row inserted above it) or
        // deleted; one line saying so, not one per key.
        if (std::none_of(columns.begin(), columns.end(),
                         [&](const FormColumn& c) { return column_of_.count(c.key) > 0; })) {
            problems_.push_back(key_row_problem(columns));
            return false;
        }
        bool complete = true;
        for (const auto& c : columns) {
            if (column_of_.count(c.key)) continue;
            complete = false;
            problems_.push_back(fmt::format(
                "{}: {}: the hidden key row (row 1) has no key '{}': a column was deleted or "
                "the key row was moved or edited; fill the form as it was sent",
                file_, sheet_.name, c.key));
        }
        return complete;
    }

    // The rows below the labels that hold any value, in order.
    std::vector<std::uint32_t> entry_rows() const {
        std::vector<std::uint32_t> rows;
        for (const auto& cell : sheet_.cells)
            if (cell.row >= kFirstEntryRow && (rows.empty() || rows.back() != cell.row))
                rows.push_back(cell.row);
        return rows;
    }

    const io::XlsxValue& value(std::uint32_t row, const char* key) const {
        return sheet_.value(row, column(key));
    }

    bool has_value(std::uint32_t row, const char* key) const { return !value(row, key).is_empty(); }

    void problem(std::uint32_t row, const char* key, const std::string& what) const {
        problems_.push_back(fmt::format("{}: {}!{} ({}): {}", file_, sheet_.name,
                                        io::cell_ref(row, column(key)), key, what));
    }

    // A text cell, trimmed; a number typed where text belongs reads as its digits.
    std::string text(std::uint32_t row, const char* key) const {
        const io::XlsxValue& v = sheet_.value(row, column(key));
        switch (v.kind) {
            case io::XlsxValue::Kind::empty:
                return {};
            case io::XlsxValue::Kind::text:
                return std::string(io::trim_blanks(v.text));
            case io::XlsxValue::Kind::number:
                return fmt::format("{}", v.number);
            case io::XlsxValue::Kind::boolean:
                problem(row, key, "a TRUE/FALSE value where text belongs");
                return {};
            case io::XlsxValue::Kind::error:
                problem(row, key, fmt::format("the error value {}", v.text));
                return {};
        }
        return {};
    }

    // A number ≥ 0 (whole when asked); nullopt when empty or not usable (a problem is added).
    std::optional<double> number(std::uint32_t row, const char* key, bool whole) const {
        const io::XlsxValue& v = sheet_.value(row, column(key));
        const char* kind = whole ? "a whole number" : "a number";
        double value = 0;
        switch (v.kind) {
            case io::XlsxValue::Kind::empty:
                return std::nullopt;
            case io::XlsxValue::Kind::number:
                value = v.number;
                break;
            case io::XlsxValue::Kind::text: {
                // Only plain digits are taken from text: "1.500" is 1500 in Indonesian and 1.5 in
                // English, and a guess would be a silent wrong number.
                const std::string_view t = io::trim_blanks(v.text);
                if (t.empty()) return std::nullopt;
                if (t.size() <= 15 &&
                    std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                    value = std::stod(std::string(t));
                    break;
                }
                problem(row, key,
                        fmt::format("{} is not {}{}", quoted_value(t), kind,
                                    t.find_first_of(".,") != std::string_view::npos
                                        ? " (type it as a number in the cell, without thousands "
                                          "separators)"
                                        : ""));
                return std::nullopt;
            }
            case io::XlsxValue::Kind::boolean:
                problem(row, key, fmt::format("a TRUE/FALSE value is not {}", kind));
                return std::nullopt;
            case io::XlsxValue::Kind::error:
                problem(row, key, fmt::format("the error value {} is not {}", v.text, kind));
                return std::nullopt;
        }
        if (!std::isfinite(value) || value < 0) {
            problem(row, key, fmt::format("{} is negative; {} ≥ 0 belongs here", value, kind));
            return std::nullopt;
        }
        if (whole && value != std::floor(value)) {
            problem(row, key, fmt::format("{} is not a whole number", value));
            return std::nullopt;
        }
        return value;
    }

    // The cell of `key` in `row`, for messages ("K12").
    std::string ref(std::uint32_t row, const char* key) const {
        return io::cell_ref(row, column(key));
    }

  private:
    std::uint32_t column(const char* key) const { return column_of_.at(key); }

    std::string key_row_problem(const std::vector<FormColumn>& columns) const {
        for (const auto& cell : sheet_.cells) {
            if (cell.row == kKeyRow) continue;
            if (cell.row > kKeyRow + 50) break;
            if (cell.value.kind == io::XlsxValue::Kind::text &&
                io::trim_blanks(cell.value.text) == columns.front().key)
                return fmt::format(
                    "{}: {}: the hidden key row is row {}, not row 1 ({} is {}): a row was "
                    "inserted above it or the rows were moved; delete the rows above the keys "
                    "or fill the form as it was sent",
                    file_, sheet_.name, cell.row + 1, quoted_value(columns.front().key),
                    cell.ref());
        }
        return fmt::format(
            "{}: {}: the hidden key row (row 1) holds none of the form's keys ({}, ...): it was "
            "deleted or overwritten; fill the form as it was sent",
            file_, sheet_.name, quoted_value(columns.front().key));
    }

    const io::XlsxSheet& sheet_;
    std::string file_;
    std::vector<std::string>& problems_;
    std::map<std::string, std::uint32_t> column_of_;
};

// One of a fixed list, case ignored; the list's spelling is kept.
std::optional<std::string> one_of(const std::string& text, const std::vector<std::string>& list) {
    for (const auto& v : list)
        if (io::equal_ignoring_ascii_case(text, v)) return v;
    return std::nullopt;
}

// A value of the form's identity: the custom property and the Identitas sheet must agree.
std::string identity_value(const io::XlsxBook& book, const char* key, const std::string& file,
                           std::vector<std::string>& problems) {
    std::optional<std::string> property, in_sheet;
    if (const auto it = book.properties.custom.find(key); it != book.properties.custom.end())
        property = std::string(io::trim_blanks(it->second));
    if (const io::XlsxSheet* sheet = book.sheet(kSheetIdentity))
        for (const auto& cell : sheet->cells)
            if (cell.column == 0 && cell.value.kind == io::XlsxValue::Kind::text &&
                cell.value.text == key)
                in_sheet = std::string(io::trim_blanks(sheet->value(cell.row, 1).text));
    if (property && in_sheet && *property != *in_sheet) {
        problems.push_back(fmt::format(
            "{}: the form's identity was edited: custom property {} is {} but sheet {} says {}",
            file, key, quoted_value(*property), kSheetIdentity, quoted_value(*in_sheet)));
        return {};
    }
    if (property) return *property;
    if (in_sheet) return *in_sheet;
    problems.push_back(fmt::format(
        "{}: not a jitupasna form: no {} in its custom properties or a sheet {} (send the PD "
        "the form `jitupasna forms` made)",
        file, key, kSheetIdentity));
    return {};
}

bool valid_iso_date(const std::string& text) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    if (text[4] != '-' || text[7] != '-' || y < 1900 || m < 1 || m > 12 || d < 1) return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

void read_damage(const io::XlsxBook& book, const RunContext& context, const PdDuty& duty,
                 ReturnedForm& form, std::vector<std::string>& problems,
                 std::vector<std::string>& warnings) {
    const io::XlsxSheet* found = book.sheet(kSheetDamage);
    if (!found) {
        problems.push_back(fmt::format("{}: no sheet '{}': was it renamed or deleted?",
                                       form.file_name, kSheetDamage));
        return;
    }
    EntrySheet sheet(*found, form.file_name, problems);
    if (!sheet.read_keys(damage_columns())) return;
    const std::vector<std::string> own = sub_sectors_of(duty);
    std::map<std::string, std::uint32_t> row_of_item;
    std::map<std::pair<std::string, std::string>, const Estimate*> estimate_of;
    for (const auto& e : context.estimates)
        estimate_of.emplace(std::pair(e.code, e.sub_sector), &e);
    for (const std::uint32_t row : sheet.entry_rows()) {
        ReportedDamage r;
        r.sheet_row = row + 1;
        r.rb = sheet.number(row, "rb", true);
        r.rs = sheet.number(row, "rs", true);
        r.rr = sheet.number(row, "rr", true);
        r.harga_satuan = sheet.number(row, "harga_satuan", false);
        r.kerusakan = sheet.number(row, "kerusakan_rp", false);
        r.kerugian = sheet.number(row, "kerugian_rp", false);
        r.keterangan = sheet.text(row, "keterangan");
        const bool pd_cells = sheet.has_value(row, "rb") || sheet.has_value(row, "rs") ||
                              sheet.has_value(row, "rr") || sheet.has_value(row, "harga_satuan") ||
                              sheet.has_value(row, "kerusakan_rp") ||
                              sheet.has_value(row, "kerugian_rp") || !r.keterangan.empty();
        if (!pd_cells) continue;  // the estimate stands, or an empty row
        r.code = sheet.text(row, "kode_wilayah");
        r.sub_sector = sheet.text(row, "sub_sektor");
        r.uraian = sheet.text(row, "uraian");
        r.satuan = sheet.text(row, "satuan");
        bool placed = true;
        if (r.code.empty()) {
            sheet.problem(row, "kode_wilayah",
                          "empty: a row with the PD's figures needs its "
                          "kab/kota code (list in the cell)");
            placed = false;
        } else if (!context.unit(r.code)) {
            sheet.problem(row, "kode_wilayah",
                          fmt::format("{} is not a kab/kota code of this run (the codes are in "
                                      "the cell's list)",
                                      quoted_value(r.code)));
            placed = false;
        }
        if (r.sub_sector.empty()) {
            sheet.problem(row, "sub_sektor",
                          "empty: a row with the PD's figures needs its "
                          "sub-sector");
            placed = false;
        } else if (std::find(own.begin(), own.end(), r.sub_sector) == own.end()) {
            sheet.problem(row, "sub_sektor",
                          fmt::format("{} is not a sub-sector of {} (its sub-sectors: {})",
                                      quoted_value(r.sub_sector), duty.pd, joined(own)));
            placed = false;
        }
        if (r.uraian.empty()) {
            sheet.problem(row, "uraian", "empty: name the item (e.g. the kind of building)");
            placed = false;
        }
        if (!placed) continue;
        // A row holding the model's estimate must still name the estimate's item: with its
        // (locked) kab/kota, sub-sector or item changed, the PD's figures would be counted as
        // a new item beside the estimate they were meant to replace.
        const bool estimate_row =
            sheet.has_value(row, "est_rb") || sheet.has_value(row, "est_rs") ||
            sheet.has_value(row, "est_rr") || sheet.has_value(row, "est_kerusakan_rp") ||
            sheet.has_value(row, "est_kerugian_rp");
        if (estimate_row && (!estimate_of.count(std::pair(r.code, r.sub_sector)) ||
                             !io::equal_ignoring_ascii_case(r.uraian, r.sub_sector))) {
            sheet.problem(row, "uraian",
                          fmt::format("this row holds the model's estimate, but its kab/kota, "
                                      "sub-sector or item ({} × {} × {}) was changed and no "
                                      "longer names it; put other items in the empty rows below",
                                      r.code, r.sub_sector, quoted_value(r.uraian)));
            continue;
        }
        const std::string item = r.code + '\n' + r.sub_sector + '\n' + item_match_key(r.uraian);
        const auto [it, fresh] = row_of_item.emplace(item, row + 1);
        if (!fresh) {
            sheet.problem(row, "uraian",
                          fmt::format("the item {} of {} × {} is also on row {}: one row per "
                                      "kab/kota, sub-sector and item",
                                      quoted_value(r.uraian), r.code, r.sub_sector, it->second));
            continue;
        }
        // Counts without an amount: the amount in the recap stays the model's, which was worked
        // out for the model's counts. Said, so that nobody reads it as the PD's figure.
        if ((r.rb || r.rs || r.rr) && !r.kerusakan)
            warnings.push_back(fmt::format(
                "{}: {}!{} (kerusakan_rp): counts given but no amount; kerusakan stays the "
                "model's estimate, worked out for the model's counts",
                form.file_name, kSheetDamage,
                io::cell_ref(row, static_cast<std::uint32_t>(
                                      column_index(damage_columns(), "kerusakan_rp")))));
        // Far from the model's estimate: worth a second look, not a refusal.
        if (const auto estimate = estimate_of.find(std::pair(r.code, r.sub_sector));
            estimate != estimate_of.end() && r.uraian == r.sub_sector) {
            const Estimate& e = *estimate->second;
            const std::pair<const char*, std::pair<std::optional<double>, double>> checks[] = {
                {"kerusakan_rp", {r.kerusakan, e.kerusakan}},
                {"kerugian_rp", {r.kerugian, e.kerugian}}};
            for (const auto& [key, values] : checks) {
                const auto& [reported, estimated] = values;
                if (!reported || estimated <= 0) continue;
                const double ratio = *reported / estimated;
                if (ratio > 3 || ratio < 1.0 / 3)
                    warnings.push_back(fmt::format(
                        "{}: {}!{} ({}): {} is {:.2g} times the estimate {}; check it with {}",
                        form.file_name, kSheetDamage, sheet.ref(row, key), key,
                        core::format_rupiah(*reported), ratio, core::format_rupiah(estimated),
                        duty.pd));
            }
        }
        form.damage.push_back(std::move(r));
    }
}

void read_needs(const io::XlsxBook& book, const RunContext& context, const PdDuty& duty,
                ReturnedForm& form, std::vector<std::string>& problems,
                std::vector<std::string>& warnings) {
    const io::XlsxSheet* found = book.sheet(kSheetNeeds);
    if (!found) {
        problems.push_back(fmt::format("{}: no sheet '{}': was it renamed or deleted?",
                                       form.file_name, kSheetNeeds));
        return;
    }
    EntrySheet sheet(*found, form.file_name, problems);
    if (!sheet.read_keys(needs_columns())) return;
    const std::vector<std::string> own = sub_sectors_of(duty);
    for (const std::uint32_t row : sheet.entry_rows()) {
        NeedLine n;
        n.sheet_row = row + 1;
        n.code = sheet.text(row, "kode_wilayah");
        n.sub_sector = sheet.text(row, "sub_sektor");
        n.kegiatan = sheet.text(row, "kegiatan");
        n.satuan = sheet.text(row, "satuan");
        n.penanggung_jawab = sheet.text(row, "penanggung_jawab");
        n.volume = sheet.number(row, "volume", false);
        n.harga_satuan = sheet.number(row, "harga_satuan", false);
        n.jumlah = sheet.number(row, "jumlah_rp", false);
        n.durasi_bulan = sheet.number(row, "durasi_bulan", true);
        const std::pair<const char*, const std::vector<std::string>*> lists[] = {
            {"komponen", &komponen_values()},
            {"prioritas", &prioritas_values()},
            {"sumber_dana", &sumber_dana_values()}};
        for (const auto& [key, list] : lists) {
            const std::string value = sheet.text(row, key);
            if (value.empty()) continue;
            const auto known = one_of(value, *list);
            if (!known)
                sheet.problem(
                    row, key,
                    fmt::format("{} is not one of: {}", quoted_value(value), joined(*list)));
            std::string& field = std::string_view(key) == "komponen"    ? n.komponen
                                 : std::string_view(key) == "prioritas" ? n.prioritas
                                                                        : n.sumber_dana;
            field = known.value_or(value);
        }
        if (n.code.empty())
            sheet.problem(row, "kode_wilayah", "empty: an activity needs its kab/kota code");
        else if (!context.unit(n.code))
            sheet.problem(
                row, "kode_wilayah",
                fmt::format("{} is not a kab/kota code of this run", quoted_value(n.code)));
        if (n.sub_sector.empty())
            sheet.problem(row, "sub_sektor", "empty: an activity needs its sub-sector");
        else if (std::find(own.begin(), own.end(), n.sub_sector) == own.end())
            sheet.problem(row, "sub_sektor",
                          fmt::format("{} is not a sub-sector of {} (its sub-sectors: {})",
                                      quoted_value(n.sub_sector), duty.pd, joined(own)));
        if (n.komponen.empty())
            sheet.problem(row, "komponen", "empty: choose the component from the list");
        if (n.kegiatan.empty()) sheet.problem(row, "kegiatan", "empty: name the activity");
        if (!sheet.has_value(row, "jumlah_rp"))
            sheet.problem(row, "jumlah_rp", "empty: an activity needs its amount in Rupiah");
        if (n.volume && n.harga_satuan && n.jumlah) {
            const double product = *n.volume * *n.harga_satuan;
            if (std::abs(product - *n.jumlah) > 0.005 * std::max(product, *n.jumlah))
                warnings.push_back(fmt::format(
                    "{}: {}!{} (jumlah_rp): {} is not volume × harga satuan ({}); the amount "
                    "given is used",
                    form.file_name, kSheetNeeds, sheet.ref(row, "jumlah_rp"),
                    core::format_rupiah(*n.jumlah), core::format_rupiah(product)));
        }
        form.needs.push_back(std::move(n));
    }
}

void read_verification(const io::XlsxBook& book, ReturnedForm& form,
                       std::vector<std::string>& problems, std::vector<std::string>& warnings) {
    const io::XlsxSheet* found = book.sheet(kSheetVerification);
    if (!found) {
        problems.push_back(fmt::format("{}: no sheet '{}': was it renamed or deleted?",
                                       form.file_name, kSheetVerification));
        return;
    }
    EntrySheet sheet(*found, form.file_name, problems);
    if (!sheet.read_keys(verification_columns())) return;
    const std::uint32_t row = kFirstEntryRow;
    form.verified.nama = sheet.text(row, "nama");
    form.verified.jabatan = sheet.text(row, "jabatan");
    const io::XlsxValue& date = sheet.value(row, "tanggal");
    if (date.kind == io::XlsxValue::Kind::number) {
        if (const auto iso = serial_day_to_iso(date.number))
            form.verified.tanggal = *iso;
        else
            sheet.problem(row, "tanggal", fmt::format("{} is not a date", date.number));
    } else if (!date.is_empty()) {
        const std::string text = sheet.text(row, "tanggal");
        if (valid_iso_date(text))
            form.verified.tanggal = text;
        else if (!text.empty())
            sheet.problem(
                row, "tanggal",
                fmt::format("{} is not a date TTTT-BB-HH (e.g. 2026-12-01)", quoted_value(text)));
    }
    if (form.verified.nama.empty())
        warnings.push_back(fmt::format(
            "{}: not verified: {}!{} (nama) is empty; the figures are imported as unverified",
            form.file_name, kSheetVerification, sheet.ref(row, "nama")));
}

}  // namespace

std::string item_match_key(const std::string& uraian) {
    std::string key;
    for (const char c : uraian)
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

std::optional<std::string> serial_day_to_iso(double serial) {
    // 1900 date system: day 61 is 1900-03-01 (day 60 is the 29 February 1900 that never was).
    if (!std::isfinite(serial) || serial < 61 || serial >= 2958466) return std::nullopt;
    // Days since 1970-01-01 (serial 25569), then the civil date (H. Hinnant's algorithm).
    long long z = static_cast<long long>(std::floor(serial)) - 25569 + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1;
    const long long m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

ReturnedForm read_returned_form(const io::XlsxBook& book, const RunContext& context,
                                std::vector<std::string>& problems,
                                std::vector<std::string>& warnings) {
    ReturnedForm form;
    form.path = book.path;
    form.file_name = fs::path(book.path).filename().string();
    const std::size_t before = problems.size();
    // Neither copy of the identity: one line, not one per identity key.
    if (!book.sheet(kSheetIdentity) &&
        std::none_of(book.properties.custom.begin(), book.properties.custom.end(),
                     [](const auto& p) { return p.first.rfind("jitupasna_", 0) == 0; })) {
        problems.push_back(fmt::format(
            "{}: not a jitupasna form: neither its custom properties nor a sheet {} hold the "
            "form's identity (send the PD the form `jitupasna forms` made)",
            form.file_name, kSheetIdentity));
        return form;
    }
    form.run_id = identity_value(book, kIdRunId, form.file_name, problems);
    form.pd = identity_value(book, kIdPd, form.file_name, problems);
    form.form_version = identity_value(book, kIdFormVersion, form.file_name, problems);
    if (problems.size() > before) return form;
    if (form.form_version != kFormVersion)
        problems.push_back(fmt::format(
            "{}: form version {} but this jitupasna reads version {}: make the forms again",
            form.file_name, quoted_value(form.form_version), kFormVersion));
    if (form.run_id != context.run_id)
        problems.push_back(fmt::format(
            "{}: a form of another run ({}); {} is run {}: send the PD the forms of this run",
            form.file_name, quoted_value(form.run_id), context.gpkg, quoted_value(context.run_id)));
    const PdDuty* duty = context.pd(form.pd);
    if (!duty) {
        std::vector<std::string> names;
        for (const auto& d : context.pds) names.push_back(d.pd);
        problems.push_back(
            fmt::format("{}: PD {} is not in this run's cluster scheme (its PDs: {})",
                        form.file_name, quoted_value(form.pd), joined(names)));
    }
    // A form saved under another PD's file name is about to be merged as the wrong PD's.
    const std::string stem = fs::path(form.file_name).stem().string();
    for (const auto& d : context.pds)
        if (duty && d.pd != form.pd && pd_slug(d.pd) == stem)
            problems.push_back(fmt::format(
                "{}: the file is named as the form of {} but holds the form of {}: ask which "
                "PD sent it, and rename it",
                form.file_name, d.pd, quoted_value(form.pd)));
    if (problems.size() > before) return form;
    read_damage(book, context, *duty, form, problems, warnings);
    read_needs(book, context, *duty, form, problems, warnings);
    read_verification(book, form, problems, warnings);
    if (form.damage.empty() && form.needs.empty())
        warnings.push_back(fmt::format(
            "{}: no figure and no need line: imported as {} confirming the estimates as they are",
            form.file_name, form.pd));
    return form;
}

}  // namespace jitupasna::forms
