#!/usr/bin/python3
"""Writes the CSV corpus of tests/js/csv_corpus.test.mjs: scikit-learn's bundled public data sets
(Debian's python3-sklearn: iris, wine, breast cancer, diabetes, digits) re-written in the dialects
people download them in (Kaggle with an Id column, UCI without a header, German and French Excel
with ';' and decimal commas, tab-separated, a trailing comma on every line, Excel's sep= line,
junk lines before the header, quoted fields, pandas with its index, pipes, Windows-1252).

Usage: /usr/bin/python3 tests/data/make_csv_corpus.py OUTDIR
Writes OUTDIR/<file> for each file and OUTDIR/reference.json: per file the task and the score of
a standardized scikit-learn linear model on all rows (LogisticRegression accuracy or
LinearRegression R^2, with its RMSE and MAE in the target's units, fitted and scored on every
row, as Descent's train metrics are), and the
feature columns that are constant (the test expects them ignored). Deterministic: no randomness,
the same bytes on every run. Not here: what Descent should guess (the test says that by hand).
"""
import csv
import io
import json
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.preprocessing import StandardScaler


def num(v, decimal='.'):
    """Shortest text that reads back as v (integers without '.0'), with the given decimal mark."""
    v = float(v)
    s = str(int(v)) if v.is_integer() else repr(v)
    return s.replace('.', decimal)


def rows_text(rows, sep=',', line_end='\n', quoting=csv.QUOTE_MINIMAL, trailing=''):
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator=line_end, quoting=quoting)
    for r in rows:
        w.writerow(r)
    text = out.getvalue()
    if trailing:
        text = ''.join(line + trailing + line_end for line in text.split(line_end)[:-1])
    return text


def reference(X, y, classification):
    Z = StandardScaler().fit_transform(X)
    if classification:
        m = LogisticRegression(max_iter=10000).fit(Z, y)
        return {'task': 'classification', 'metric': 'accuracy', 'score': float(m.score(Z, y))}
    m = LinearRegression().fit(Z, y)
    e = m.predict(Z) - y
    return {'task': 'regression', 'metric': 'r2', 'score': float(m.score(Z, y)),
            'rmse': float(np.sqrt(np.mean(e * e))), 'mae': float(np.mean(np.abs(e)))}


def constant_columns(names, X):
    return [n for n, col in zip(names, X.T) if len(np.unique(col)) == 1]


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    files, ref = {}, {}

    iris = load_iris()
    species = ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']
    # Kaggle's Iris.csv: an Id column 1..150, "...Cm" names, "Iris-setosa" labels.
    rows = [['Id', 'SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm', 'Species']]
    rows += [[i + 1] + [num(v) for v in x] + [species[t]] for i, (x, t) in enumerate(zip(iris.data, iris.target))]
    files['iris_kaggle.csv'] = (rows_text(rows), iris.data, iris.target, True)
    # UCI's iris.data: no header, the label last, a blank line at the end.
    rows = [[num(v) for v in x] + [species[t]] for x, t in zip(iris.data, iris.target)]
    files['iris_uci.data'] = (rows_text(rows) + '\n', iris.data, iris.target, True)
    # Pipes, no header, integer labels 0/1/2 last.
    rows = [[num(v) for v in x] + [t] for x, t in zip(iris.data, iris.target)]
    files['iris_pipes_int_labels.txt'] = (rows_text(rows, sep='|'), iris.data, iris.target, True)
    # Every field quoted, labels and a free-text column with commas and doubled quotes.
    notes = ['Gaspé Peninsula, same day', 'same pasture, "picked" by Anderson', 'measured twice, averaged']
    rows = [['sepal length', 'sepal width', 'petal length', 'petal width', 'species', 'notes']]
    rows += [[num(v) for v in x] + [f'Iris {iris.target_names[t]}, L.', notes[i % 3]]
             for i, (x, t) in enumerate(zip(iris.data, iris.target))]
    files['iris_quoted.csv'] = (rows_text(rows, quoting=csv.QUOTE_ALL), iris.data, iris.target, True)

    wine = load_wine()
    # German Excel: ';', decimal commas, CRLF, UCI's class labels 1..3 in a "class" column.
    rows = [[n for n in wine.feature_names] + ['class']]
    rows += [[num(v, ',') for v in x] + [t + 1] for x, t in zip(wine.data, wine.target)]
    files['wine_excel_de.csv'] = (rows_text(rows, sep=';', line_end='\r\n'), wine.data, wine.target, True)
    # Excel's "sep=;" first line, dot decimals, cultivar names as the only text column.
    cultivars = ['Barolo', 'Grignolino', 'Barbera']
    rows = [[n for n in wine.feature_names] + ['cultivar']]
    rows += [[num(v) for v in x] + [cultivars[t]] for x, t in zip(wine.data, wine.target)]
    files['wine_sep_line.csv'] = ('sep=;\r\n' + rows_text(rows, sep=';', line_end='\r\n'), wine.data, wine.target, True)
    # French Excel: Windows-1252 bytes, ';', decimal commas, accented names, "Cépage" last.
    fr = ['Degré alcoolique', 'Acide malique', 'Cendres', 'Alcalinité des cendres', 'Magnésium',
          'Phénols totaux', 'Flavonoïdes', 'Phénols non flavonoïdes', 'Proanthocyanidines',
          'Intensité de la couleur', 'Teinte', 'DO280/DO315', 'Proline', 'Cépage']
    rows = [fr] + [[num(v, ',') for v in x] + [cultivars[t]] for x, t in zip(wine.data, wine.target)]
    files['wine_excel_fr_cp1252.csv'] = (rows_text(rows, sep=';', line_end='\r\n').encode('cp1252'),
                                         wine.data, wine.target, True)

    bc = load_breast_cancer()
    # Tab-separated with a text diagnosis.
    rows = [list(bc.feature_names) + ['diagnosis']]
    rows += [[num(v) for v in x] + [bc.target_names[t]] for x, t in zip(bc.data, bc.target)]
    files['breast_cancer.tsv'] = (rows_text(rows, sep='\t'), bc.data, bc.target, True)
    # pandas' df.to_csv(quoting=QUOTE_NONNUMERIC): its index in an unnamed first column, 0/1 target.
    rows = [[''] + list(bc.feature_names) + ['target']]
    rows += [[i] + [float(v) for v in x] + [int(t)] for i, (x, t) in enumerate(zip(bc.data, bc.target))]
    text = rows_text(rows, quoting=csv.QUOTE_NONNUMERIC)
    files['breast_cancer_pandas.csv'] = (text, bc.data, bc.target, True)

    dia = load_diabetes(scaled=False)
    # Every line ends with a comma (an empty unnamed last column); the target is the last named one.
    rows = [list(dia.feature_names) + ['progression']]
    rows += [[num(v) for v in x] + [num(t)] for x, t in zip(dia.data, dia.target)]
    files['diabetes_trailing_comma.csv'] = (rows_text(rows, trailing=','), dia.data, dia.target, False)

    dig = load_digits()
    # Three lines before the header (a title, a source, a blank line); constant pixels.
    rows = [list(dig.feature_names) + ['target']]
    rows += [[num(v) for v in x] + [t] for x, t in zip(dig.data, dig.target)]
    junk = 'Optical recognition of handwritten digits (8x8)\nSource: UCI ML repository, via scikit-learn\n\n'
    files['digits_title_lines.csv'] = (junk + rows_text(rows), dig.data, dig.target, True)

    for name, (text, X, y, cls) in files.items():
        data = text if isinstance(text, bytes) else text.encode('utf-8')
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(data)
        ref[name] = reference(X, y, cls)
    ref['digits_title_lines.csv']['constant'] = constant_columns(dig.feature_names, dig.data)
    with open(os.path.join(outdir, 'reference.json'), 'w') as f:
        json.dump(ref, f, indent=1, sort_keys=True)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: make_csv_corpus.py OUTDIR')
    main(sys.argv[1])
