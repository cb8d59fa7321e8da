/**
 * A manufacturer's BatteryPass 1.2 passport for the IONIQ 5 pack of the fixtures: every required
 * field of the seven schemas, with the model's typos (`batteryTechicalProperties`,
 * `warrentyPeriod`, `remainingEnergyalue`). The BatteryPass consortium publishes no sample payload.
 */
const at = '2021-05-01T00:00:00Z';
const address = { addressCountry: 'KR', postalCode: '16082', streetAddress: '203 Teheran-ro, Gangnam-gu, Seoul' };
const doc = (name: string) => `https://passport.example.com/docs/${name}.pdf`;

export function batteryPassSource(): Record<string, unknown> {
  return {
    GeneralProductInformation: {
      productIdentifier: 'IONIQ 5 Long Range pack',
      batteryPassportIdentifier: 'urn:mobis:ioniq5lr000123',
      batteryCategory: 'ev',
      manufacturerInformation: { contactName: 'Hyundai Mobis', postalAddress: address, identifier: 'KR1208100123' },
      manufacturingDate: '2021-03-15T00:00:00Z',
      batteryStatus: 'Original',
      batteryMass: 410,
      manufacturingPlace: address,
      operatorInformation: { contactName: 'Hyundai Mobis', postalAddress: address, identifier: 'KR1208100123' },
      puttingIntoService: at,
      warrentyPeriod: '--08',
    },
    CarbonFootprintForBatteries: {
      batteryCarbonFootprint: 61.2,
      carbonFootprintPerLifecycleStage: [{ lifecycleStage: 'MainProduction', carbonFootprint: 40.1 }],
      carbonFootprintPerformanceClass: 'B',
      carbonFootprintStudy: doc('carbon-footprint'),
    },
    Circularity: {
      dismantlingAndRemovalInformation: [
        { documentType: 'DismantlingManual', mimeType: 'application/pdf', documentURL: doc('dismantling') },
      ],
      sparePartSources: [
        {
          nameOfSupplier: 'Mobis Parts',
          addressOfSupplier: address,
          emailAddressOfSupplier: 'parts@mobis.example.com',
          supplierWebAddress: 'https://parts.example.com',
          components: [{ partName: 'Battery management unit', partNumber: '37512-GI000' }],
        },
      ],
      recycledContent: [{ preConsumerShare: 4, recycledMaterial: 'Cobalt', postConsumerShare: 6 }],
      safetyMeasures: { safetyInstructions: doc('safety'), extinguishingAgent: ['water'] },
      endOfLifeInformation: {
        wastePrevention: doc('waste-prevention'),
        separateCollection: doc('collection'),
        informationOnCollection: doc('collection-points'),
      },
      renewableContent: 2.5,
    },
    Labeling: {
      declarationOfConformity: doc('declaration-of-conformity'),
      resultOfTestReport: doc('test-report'),
      labels: [{ labelingSymbol: doc('crossed-out-bin'), labelingMeaning: {}, labelingSubject: 'SeparateCollection' }],
    },
    MaterialComposition: {
      batteryChemistry: { shortName: 'NMC', clearName: 'Lithium Nickel Manganese Cobalt Oxide' },
      batteryMaterials: [
        {
          batteryMaterialLocation: { componentName: 'cathode' },
          batteryMaterialIdentifier: '7439-93-2',
          batteryMaterialName: 'Lithium',
          batteryMaterialMass: 6.2,
          isCriticalRawMaterial: true,
        },
      ],
      hazardousSubstances: [
        {
          hazardousSubstanceClass: 'AcuteToxicity',
          hazardousSubstanceName: 'Lithium hexafluorophosphate',
          hazardousSubstanceConcentration: 1.2,
          hazardousSubstanceImpact: ['toxic if swallowed'],
          hazardousSubstanceLocation: { componentName: 'electrolyte' },
          hazardousSubstanceIdentifier: '21324-40-3',
        },
      ],
    },
    PerformanceAndDurability: {
      batteryTechicalProperties: {
        originalPowerCapability: [{ atSoC: 80, powerCapabilityAt: 175 }],
        ratedMaximumPower: 175,
        powerCapabilityRatio: 0.9,
        ratedEnergy: 64,
        expectedNumberOfCycles: 2000,
        initialSelfDischarge: 1.5,
        roundtripEfficiency: 95,
        ratedCapacity: 180,
        initialInternalResistance: [{ ohmicResistance: 0.09, batteryComponent: 'pack' }],
        expectedLifetime: 10,
        nominalVoltage: 355,
        minimumVoltage: 280,
        maximumVoltage: 410,
        capacityThresholdForExhaustion: 70,
        lifetimeReferenceTest: doc('lifetime-test'),
        cRateLifeCycleTest: 1,
        temperatureRangeIdleState: 25,
      },
      batteryCondition: {
        energyThroughput: 0,
        capacityThroughput: { capacityThroughputValue: 0, lastUpdate: at },
        numberOfFullCycles: { numberOfFullCyclesValue: 0, lastUpdate: at },
        stateOfCertifiedEnergy: { stateOfCertifiedEnergyValue: 100, lastUpdate: at },
        capacityFade: { capacityFadeValue: 0, lastUpdate: at },
        remainingEnergy: { remainingEnergyalue: 64, lastUpdate: at },
        remainingCapacity: { remainingCapacityValue: 180, lastUpdate: at },
        negativeEvents: [],
        temperatureInformation: {
          timeExtremeHighTemp: 0,
          timeExtremeLowTemp: 0,
          timeExtremeHighTempCharging: 0,
          timeExtremeLowTempCharging: 0,
          lastUpdate: at,
        },
        remainingPowerCapability: [
          { remainingPowerCapabilityValue: { rPCLastUpdated: at, atSoC: 80, powerCapabilityAt: 175 }, lastUpdate: at },
        ],
        powerFade: 0,
        roundTripEfficiencyFade: 0,
        evolutionOfSelfDischarge: { evolutionOfSelfDischargeEntityValue: 0 },
        currentSelfDischargingRate: { currentSelfDischargingRateEntity: 1.5, lastUpdate: at },
        internalResistanceIncrease: [{ internalResistanceIncreaseValue: 0, lastUpdate: at, batteryComponent: 'pack' }],
        roundTripEfficiencyat50PerCentCycleLife: 93,
        remainingRoundTripEnergyEfficiency: { remainingRoundTripEnergyEfficiencyValue: 95, lastUpdate: at },
        stateOfCharge: { stateOfChargeValue: 80, lastUpdate: at },
      },
    },
    SupplyChainDueDiligence: { supplyChainDueDiligenceReport: doc('due-diligence') },
  };
}
