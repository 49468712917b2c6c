#include "jitupasna/forms/form_spec.hpp"

#include <stdexcept>

namespace jitupasna::forms {

const std::vector<FormColumn>& damage_columns() {
    // est_*: the model's estimate (locked, shaded); rb..keterangan: the PD's own figures.
    static const std::vector<FormColumn> columns = {
        {"kode_wilayah", "Kode wilayah", 12},
        {"nama_wilayah", "Kabupaten/kota", 22},
        {"sub_sektor", "Subsektor", 18},
        {"uraian", "Uraian (jenis aset)", 24},
        {"satuan", "Satuan", 9},
        {"est_rb", "Estimasi rusak berat", 11},
        {"est_rs", "Estimasi rusak sedang", 11},
        {"est_rr", "Estimasi rusak ringan", 11},
        {"est_kerusakan_rp", "Estimasi kerusakan (Rp)", 16},
        {"est_kerugian_rp", "Estimasi kerugian (Rp)", 16},
        {"rb", "Rusak berat (data PD)", 11},
        {"rs", "Rusak sedang (data PD)", 11},
        {"rr", "Rusak ringan (data PD)", 11},
        {"harga_satuan", "Harga satuan (Rp)", 14},
        {"kerusakan_rp", "Kerusakan (Rp, data PD)", 16},
        {"kerugian_rp", "Kerugian (Rp, data PD)", 16},
        {"keterangan", "Keterangan / sumber data", 30},
    };
    return columns;
}

const std::vector<FormColumn>& needs_columns() {
    static const std::vector<FormColumn> columns = {
        {"kode_wilayah", "Kode wilayah", 12},
        {"sub_sektor", "Subsektor", 18},
        {"komponen", "Komponen kebutuhan", 26},
        {"kegiatan", "Kegiatan", 30},
        {"volume", "Volume", 10},
        {"satuan", "Satuan", 9},
        {"harga_satuan", "Harga satuan (Rp)", 14},
        {"jumlah_rp", "Jumlah (Rp)", 16},
        {"prioritas", "Prioritas", 10},
        {"durasi_bulan", "Durasi (bulan)", 9},
        {"penanggung_jawab", "Penanggung jawab", 22},
        {"sumber_dana", "Sumber dana", 20},
    };
    return columns;
}

const std::vector<FormColumn>& verification_columns() {
    static const std::vector<FormColumn> columns = {
        {"nama", "Nama pejabat yang memverifikasi", 32},
        {"jabatan", "Jabatan", 28},
        {"tanggal", "Tanggal (TTTT-BB-HH)", 16},
    };
    return columns;
}

std::size_t column_index(const std::vector<FormColumn>& columns, std::string_view key) {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].key == key) return i;
    throw std::logic_error("form column key not in the contract: " + std::string(key));
}

const std::vector<std::string>& komponen_values() {
    static const std::vector<std::string> values = {"pembangunan/penggantian", "penyediaan bantuan",
                                                    "pemulihan fungsi", "pengurangan risiko"};
    return values;
}

const std::vector<std::string>& sumber_dana_values() {
    static const std::vector<std::string> values = {
        "APBD Kabupaten/Kota", "APBD Provinsi", "APBN K/L",
        "Hibah RR BNPB",       "masyarakat",    "swasta"};
    return values;
}

const std::vector<std::string>& prioritas_values() {
    static const std::vector<std::string> values = {"tinggi", "sedang", "rendah"};
    return values;
}

std::string pd_slug(std::string_view pd) {
    std::string slug;
    bool gap = false;
    for (char c : pd) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        const bool upper = c >= 'A' && c <= 'Z';
        if (alnum || upper) {
            if (gap && !slug.empty()) slug += '-';
            gap = false;
            slug += upper ? static_cast<char>(c - 'A' + 'a') : c;
        } else {
            gap = true;
        }
    }
    return slug;
}

}  // namespace jitupasna::forms
