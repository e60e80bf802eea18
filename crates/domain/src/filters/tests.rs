use super::*;
use serde_json::json;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 21).unwrap()
}

fn run(payload: Value) -> Result<Filter, FilterError> {
    let mut custom = HashMap::new();
    custom.insert("plan".to_string(), CustomAttributeType::List);
    custom.insert("seats".to_string(), CustomAttributeType::Number);
    custom.insert("signed_in_at".to_string(), CustomAttributeType::Date);
    parse(&CONTACTS, payload.as_array().unwrap(), &custom, today())
}

fn one(payload: Value) -> Condition {
    let f = run(payload).unwrap();
    assert_eq!(f.groups.len(), 1);
    f.groups[0][0].clone()
}

#[test]
fn and_binds_tighter_than_or() {
    let c = |k: &str, op: &str| json!({"attribute_key": k, "filter_operator": "equal_to", "values": ["x"], "query_operator": op});
    let f = run(json!([
        c("name", "AND"),
        c("email", "or"),
        c("identifier", "and"),
        c("city", "")
    ]))
    .unwrap();
    let keys: Vec<Vec<Column>> = f
        .groups
        .iter()
        .map(|g| g.iter().map(|c| c.column.clone()).collect())
        .collect();
    assert_eq!(
        keys,
        vec![
            vec![Column::Standard("name"), Column::Standard("email")],
            vec![Column::Standard("identifier"), Column::Additional("city")],
        ]
    );
}

#[test]
fn messages_match_upstream() {
    let err =
        run(json!([{"attribute_key": "country_code", "filter_operator": "eq", "values": ["US"]}]))
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid operator. The allowed operators for country_code are [equal_to,not_equal_to]."
    );
    let err = run(
        json!([{"attribute_key": "country_code", "filter_operator": "equal_to", "values": []}]),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid value. The values provided for country_code are invalid"
    );
    let err =
        run(json!([{"attribute_key": "nope", "filter_operator": "equal_to", "values": ["a"]}]))
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid attribute key - [nope]. The key should be one of [name,phone_number,email,identifier,country_code,city,company,labels,created_at,last_activity_at,blocked] or a custom attribute defined in the account."
    );
    let err = run(json!([{"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "XOR"}])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Query operator must be either \"AND\" or \"OR\"."
    );
}

#[test]
fn query_operators_are_checked_before_conditions() {
    let err = run(json!([
        {"attribute_key": "nope", "filter_operator": "equal_to", "values": ["a"], "query_operator": "AND"},
        {"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "NAND"}
    ]))
    .unwrap_err();
    assert_eq!(err, FilterError::InvalidQueryOperator);
}

#[test]
fn a_missing_operator_between_conditions_is_invalid_but_a_trailing_one_is_ignored() {
    let c = json!({"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"]});
    assert_eq!(
        run(json!([c.clone(), c.clone()])).unwrap_err(),
        FilterError::InvalidQueryOperator
    );
    let trailing = json!({"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "and"});
    assert_eq!(run(json!([trailing])).unwrap().groups.len(), 1);
}

#[test]
fn contacts_compare_the_first_value_downcased_and_phones_in_e164() {
    let c = one(
        json!([{"attribute_key": "name", "filter_operator": "equal_to", "values": ["Ann", "Bob"]}]),
    );
    assert_eq!(c.predicate, Predicate::In(vec![Scalar::Text("ann".into())]));
    assert_eq!(c.cast, Cast::LowerText);
    let c = one(
        json!([{"attribute_key": "phone_number", "filter_operator": "equal_to", "values": ["4155+552671"]}]),
    );
    assert_eq!(
        c.predicate,
        Predicate::In(vec![Scalar::Text("+4155552671".into())])
    );
    let c = one(
        json!([{"attribute_key": "phone_number", "filter_operator": "starts_with", "values": ["91"]}]),
    );
    assert_eq!(c.predicate, Predicate::StartsWith("+91".into()));
}

#[test]
fn contains_keeps_every_value_stripped() {
    let c = one(
        json!([{"attribute_key": "email", "filter_operator": "contains", "values": [" a%b ", "c"]}]),
    );
    assert_eq!(
        c.predicate,
        Predicate::Contains(vec!["a%b".into(), "c".into()])
    );
    // A scalar `values` counts as one value.
    let c = one(
        json!([{"attribute_key": "email", "filter_operator": "does_not_contain", "values": "looped"}]),
    );
    assert_eq!(c.predicate, Predicate::NotContains(vec!["looped".into()]));
}

#[test]
fn dates_and_days_before() {
    let c = one(
        json!([{"attribute_key": "created_at", "filter_operator": "is_greater_than", "values": ["2024-01-31T10:00:00Z"]}]),
    );
    assert_eq!(
        c.predicate,
        Predicate::Greater(Scalar::Date(NaiveDate::from_ymd_opt(2024, 1, 31).unwrap()))
    );
    let c = one(
        json!([{"attribute_key": "last_activity_at", "filter_operator": "days_before", "values": ["3"]}]),
    );
    assert_eq!(
        c.predicate,
        Predicate::Less(Scalar::Date(NaiveDate::from_ymd_opt(2025, 11, 18).unwrap()))
    );
    for bad in [
        json!(["yesterday"]),
        json!([{"a": 1}]),
        json!(["2024-13-01"]),
    ] {
        let err = run(json!([{"attribute_key": "created_at", "filter_operator": "is_less_than", "values": bad}])).unwrap_err();
        assert_eq!(
            err,
            FilterError::InvalidValue {
                attribute: "created_at".into()
            }
        );
    }
}

#[test]
fn custom_attributes_compare_by_their_display_type() {
    let c = one(
        json!([{"attribute_key": "plan", "filter_operator": "not_equal_to", "values": ["Gold"]}]),
    );
    assert_eq!(
        (c.column.clone(), c.cast, c.or_null),
        (Column::Custom("plan".into()), Cast::LowerText, true)
    );
    let c = one(
        json!([{"attribute_key": "seats", "filter_operator": "is_greater_than", "values": ["10"]}]),
    );
    assert_eq!(c.predicate, Predicate::Greater(Scalar::Number(10.0)));
    let err =
        run(json!([{"attribute_key": "seats", "filter_operator": "equal_to", "values": ["ten"]}]))
            .unwrap_err();
    assert_eq!(
        err,
        FilterError::InvalidValue {
            attribute: "seats".into()
        }
    );
    let err =
        run(json!([{"attribute_key": "seats", "filter_operator": "days_before", "values": [3]}]))
            .unwrap_err();
    assert_eq!(
        err,
        FilterError::InvalidValue {
            attribute: "seats".into()
        }
    );
    let err =
        run(json!([{"attribute_key": "plan", "filter_operator": "resembles", "values": ["x"]}]))
            .unwrap_err();
    assert!(matches!(err, FilterError::InvalidOperator { .. }));
}

#[test]
fn booleans_and_presence() {
    let c = one(
        json!([{"attribute_key": "blocked", "filter_operator": "equal_to", "values": ["TRUE"]}]),
    );
    assert_eq!(c.predicate, Predicate::In(vec![Scalar::Bool(true)]));
    let c =
        one(json!([{"attribute_key": "labels", "filter_operator": "is_present", "values": []}]));
    assert_eq!(
        (c.column, c.predicate),
        (Column::Labels, Predicate::Present)
    );
}

#[test]
fn injection_shaped_keys_are_unknown_attributes() {
    let err = run(json!([{"attribute_key": "name) OR 1=1 --", "filter_operator": "equal_to", "values": ["a"]}])).unwrap_err();
    assert!(matches!(err, FilterError::InvalidAttribute { key, .. } if key == "name) OR 1=1 --"));
    let err = run(json!([{"attribute_key": 5, "filter_operator": "equal_to", "values": ["a"]}]))
        .unwrap_err();
    assert!(matches!(err, FilterError::InvalidAttribute { key, .. } if key == "5"));
}

#[test]
fn an_empty_payload_filters_nothing_and_huge_ones_are_refused() {
    assert_eq!(run(json!([])).unwrap(), Filter::default());
    let c = json!({"attribute_key": "name", "filter_operator": "equal_to", "values": ["a"], "query_operator": "OR"});
    let many: Vec<Value> = std::iter::repeat_n(c, MAX_CONDITIONS + 1).collect();
    assert_eq!(
        run(Value::Array(many)).unwrap_err(),
        FilterError::TooManyConditions
    );
}
