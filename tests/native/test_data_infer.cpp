// Column roles and task inference (infer.hpp): the target by name, as the only text column or the
// last column; identifiers, constant, empty and text columns left out; the task from the target's
// values; every spec override; the report's summary, notes and JSON. Expectations are written by
// hand from the small tables below.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/data/infer.hpp"

using namespace descent;

namespace {

using Names = std::vector<std::string>;

CsvTable table(std::string_view text) {
  CsvTable t;
  const Status st = parse_csv_table(text, "auto", t);
  REQUIRE_MESSAGE(st.ok(), st.message());
  return t;
}

CsvRoles roles(std::string_view text, const CsvRolesGiven& given = CsvRolesGiven()) {
  CsvRoles r;
  const Status st = infer_csv_roles(table(text), given, r);
  REQUIRE_MESSAGE(st.ok(), st.message());
  return r;
}

std::string role_error(std::string_view text, const CsvRolesGiven& given = CsvRolesGiven()) {
  CsvRoles r;
  const Status st = infer_csv_roles(table(text), given, r);
  REQUIRE(!st.ok());
  return st.message();
}

std::vector<std::pair<std::size_t, std::string>> ignored(const CsvRoles& r) {
  std::vector<std::pair<std::size_t, std::string>> v;
  for (const CsvIgnored& i : r.ignored) v.emplace_back(i.column, i.why);
  return v;
}

/// n rows "i,<a>,<b>": a = i % 7, b = i * 3 % 11 (varied numbers), then the given label column.
std::string rows(const char* header, std::size_t n, std::string (*label)(std::size_t)) {
  std::string s = std::string(header) + "\n";
  for (std::size_t i = 0; i < n; ++i)
    s += std::to_string(i + 1) + "," + std::to_string(i % 7) + "," + std::to_string(i * 3 % 11) + "," + label(i) + "\n";
  return s;
}

}  // namespace

TEST_CASE("the target: a common name (any case), else the only text column, else the last column") {
  // By name, ignoring case, wherever it is.
  CsvRoles r = roles("Species,a,b\nsetosa,1,2\nvirginica,3,4\n");
  CHECK(r.target == 0);
  CHECK(r.target_how == "by name");
  CHECK(roles("a,DIAGNOSIS,b\n1,M,2\n3,B,4\n").target == 1);
  // Two names: the earlier in target_column_names() wins ("label" before "y").
  CHECK(roles("y,label,x\n1,0,3\n2,1,4\n").target == 1);
  CHECK(target_column_names()[0] == "target");
  // The only text column.
  r = roles("h,w,kind,z\n1,2,cat,3\n2,3,dog,1\n4,1,cat,0\n");
  CHECK(r.target == 2);
  CHECK(r.target_how == "the only text column");
  // Two text columns, or none: the last column.
  r = roles("h,w,kind,colour\n1,2,cat,red\n2,3,dog,blue\n");
  CHECK(r.target == 3);
  CHECK(r.target_how == "the last column");
  CHECK(roles("1,2,3\n4,5,6\n").target == 2);
  // The last column that is not an identifier, constant or empty.
  r = roles("a,b,y,id\n1,2,0.5,1\n2,3,1.5,2\n3,1,2.5,3\n");
  CHECK(r.target == 2);
  // Given: any column, even one that would be ignored.
  CsvRolesGiven g;
  g.target = "id";
  r = roles("a,b,y,id\n1,2,0.5,1\n2,3,1.5,2\n", g);
  CHECK(r.target == 3);
  CHECK(r.target_how == "given");
  g.target = "nope";
  CHECK(role_error("a,b\n1,2\n", g) == "target column \"nope\" not found (columns: a, b)");
}

TEST_CASE("identifier columns are left out: by name, or a row number in the first column") {
  for (const char* name : {"Id", "id", "ID", "customer_id", "Patient ID", "PassengerId", "userID", "index", "Unnamed: 0"}) {
    CAPTURE(name);
    const std::string text = std::string(name) + ",x,y\n7,1,0.5\n3,2,1.5\n9,4,2.5\n";
    const CsvRoles r = roles(text);
    CHECK(ignored(r) == std::vector<std::pair<std::size_t, std::string>>{{0, "identifier"}});
    CHECK(r.features == std::vector<std::size_t>{1});
  }
  for (const char* name : {"Paid", "valid", "VOID", "idea", "width"}) {
    CAPTURE(name);
    CHECK(roles(std::string(name) + ",x,y\n7,1,0.5\n3,2,1.5\n9,4,2.5\n").ignored.empty());
  }
  // A first column counting 1, 2, ... (10 rows or more) when other features remain.
  const std::string numbered = rows("n,a,b,y", 12, [](std::size_t i) { return std::to_string(i) + ".5"; });
  CsvRoles r = roles(numbered);
  CHECK(ignored(r) == std::vector<std::pair<std::size_t, std::string>>{{0, "identifier"}});
  CHECK(r.features == std::vector<std::size_t>{1, 2});
  // 9 rows are too few to tell; a counter in another column is a feature; the only feature stays.
  CHECK(roles(rows("n,a,b,y", 9, [](std::size_t i) { return std::to_string(i) + ".5"; })).ignored.empty());
  std::string x_only = "x,y\n";
  for (int i = 1; i <= 12; ++i) x_only += std::to_string(i) + "," + std::to_string(2 * i + 1) + ".5\n";
  CHECK(roles(x_only).features == std::vector<std::size_t>{0});
  // Text where every value differs (names) is an identifier too.
  std::string names = "name,x,kind\n";
  for (int i = 0; i < 12; ++i) names += "person " + std::to_string(i) + "," + std::to_string(i % 5) + "," + (i % 2 ? "a" : "b") + "\n";
  r = roles(names);
  CHECK(r.target == 2);
  CHECK(ignored(r) == std::vector<std::pair<std::size_t, std::string>>{{0, "identifier"}});
}

TEST_CASE("constant, empty and text columns are left out, a numeric column with a bad cell is not") {
  CsvRoles r = roles("a,const,empty,note,y\n1,5,,red fox,0.5\n2,5,,blue fox,1.5\n3,5,,red fox,2.5\n");
  CHECK(r.target == 4);
  CHECK(ignored(r) == std::vector<std::pair<std::size_t, std::string>>{{1, "constant"}, {2, "empty"}, {3, "text"}});
  CHECK(r.features == std::vector<std::size_t>{0});
  // One bad cell in three: a feature (training then names row 3).
  r = roles("a,b,y\n1,2,0.5\n2,x,1.5\n3,4,2.5\n");
  CHECK(r.features == std::vector<std::size_t>{0, 1});
  CsvTable t = table("a,b,y\n1,2,0.5\n2,x,1.5\n3,4,2.5\n");
  CsvReport report;
  Dataset ds;
  CHECK(read_csv_dataset("a,b,y\n1,2,0.5\n2,x,1.5\n3,4,2.5\n", CsvFormat(), CsvRolesGiven(), t, report, ds).message() ==
        "row 3, column \"b\": \"x\" is not a number");
  // Given features: used as they are, nothing listed as ignored.
  CsvRolesGiven g;
  g.features = {"a", "const"};
  r = roles("a,const,y\n1,5,0.5\n2,5,1.5\n", g);
  CHECK(r.features == std::vector<std::size_t>{0, 1});
  CHECK(r.features_given);
  CHECK(r.ignored.empty());
  // Nothing left: the message lists what was ignored.
  CHECK(role_error("id,c,y\n1,5,0.5\n2,5,1.5\n") ==
        "no feature column is left besides the target column \"y\": ignored id (identifier), c (constant); set "
        "data.features to use them");
}

TEST_CASE("the task: text or a few distinct integers are classes, other numbers regression") {
  // Text labels.
  CsvRoles r = roles("a,b,kind\n1,2,cat\n2,3,dog\n");
  CHECK(r.classification);
  CHECK(r.task_how == "text labels");
  CHECK(r.distinct == 2);
  // 0/1/2 and 1..3 in 6 rows: 3 integer values (3 * 2 <= 6).
  for (const char* labels : {"0,1,2,0,1,2", "1,2,3,3,2,1", "-1,1,-1,1,1,1"}) {
    CAPTURE(labels);
    std::string text = "a,y\n";
    std::string l = labels;
    for (std::size_t i = 0, k = 0; i <= l.size(); ++i)
      if (i == l.size() || l[i] == ',') {
        text += std::to_string(i) + "," + l.substr(k, i - k) + "\n";
        k = i + 1;
      }
    r = roles(text);
    CHECK(r.classification);
    CHECK(r.task_how == std::to_string(r.distinct) + " integer values");
  }
  // Integers written as 1.0 count; a fraction does not; too many distinct values do not (21);
  // nor 2 values in 3 rows (2 * 2 > 3: more like a measurement than a label).
  CHECK(roles("a,y\n1,1.0\n2,0.0\n3,1.0\n4,0\n").classification);
  CHECK(!roles("a,y\n1,1.5\n2,0\n3,1\n4,0\n").classification);
  std::string many = "a,y\n";
  for (int i = 0; i < 60; ++i) many += std::to_string(i) + "," + std::to_string(i % 21) + "\n";
  r = roles(many);
  CHECK(!r.classification);
  CHECK(r.task_how == "numeric values");
  std::string twenty = "a,y\n";
  for (int i = 0; i < 60; ++i) twenty += std::to_string(i) + "," + std::to_string(i % 20) + "\n";
  CHECK(roles(twenty).classification);
  CHECK(!roles("a,y\n1,0\n2,1\n3,1\n").classification);
  // Overrides: the spec's task, and a model or loss that needs classes.
  CsvRolesGiven g;
  g.task = "regression";
  r = roles("a,y\n1,0\n2,1\n3,0\n4,1\n", g);
  CHECK(!r.classification);
  CHECK(r.task_how == "given");
  g = CsvRolesGiven();
  g.classifier = true;
  r = roles("a,y\n1,0.5\n2,1.5\n", g);
  CHECK(r.classification);
  CHECK(r.task_how == "the model or loss needs classes");
}

TEST_CASE("the report: summary, notes and JSON of a Kaggle-style file read with semicolons and decimal commas") {
  std::string text = "sep=;\nId;SepalLength;Species;\n";
  const char* species[] = {"setosa", "versicolor", "virginica"};
  for (int i = 0; i < 12; ++i) text += std::to_string(i + 1) + ";" + std::to_string(4 + i % 3) + ",5;" + species[i % 3] + ";\n";
  CsvTable t;
  CsvReport r;
  Dataset ds;
  REQUIRE(read_csv_dataset(text, CsvFormat(), CsvRolesGiven(), t, r, ds).ok());
  CHECK(ds.inputs == 1);
  CHECK(ds.x[0] == 4.5f);
  CHECK(ds.classes == 3);
  CHECK(ds.class_names == Names{"setosa", "versicolor", "virginica"});
  CHECK(r.summary() ==
        "target: Species (by name) \xC2\xB7 3 classes \xC2\xB7 ignored: Id (identifier) \xC2\xB7 separator ';' \xC2\xB7 "
        "decimal ',' \xC2\xB7 dropped 1 empty column");
  CHECK(r.notes() == Names{"separator ';' (from the sep= line)", "decimal separator ',' (guessed)", "header row (guessed)",
                           "dropped 1 empty unnamed column at the end (column 4): the lines end with a separator",
                           "target: Species (by name)", "task: classification, 3 classes (text labels)",
                           "ignored: Id (identifier)"});
  JsonWriter w;
  write_csv_report(w, r);
  Json j;
  REQUIRE(parse_json(w.str(), j).ok());
  CHECK(j.find("target")->find("name")->as_string() == "Species");
  CHECK(j.find("target")->find("column")->as_number() == 3);
  CHECK(j.find("task")->find("kind")->as_string() == "classification");
  CHECK(j.find("task")->find("classes")->as_number() == 3);
  CHECK(j.find("ignored")->items()[0].find("why")->as_string() == "identifier");
  CHECK(j.find("dialect")->find("delimiter")->as_string() == ";");
  CHECK(j.find("dialect")->find("sepline")->as_bool());
  CHECK(!j.find("dialect")->find("guessed")->find("delimiter")->as_bool());
  CHECK(j.find("dialect")->find("dropped")->items()[0].as_string() == "column 4");
  CHECK(j.find("features")->items().size() == 1);
}
